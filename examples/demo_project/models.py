"""A linear model fitted by gradient descent: edit it and save, the notebook sees the change."""

from dataclasses import dataclass, field

from preprocess import split_features


@dataclass
class LinearModel:
    learning_rate: float = 0.05
    epochs: int = 500
    weights: list = field(default_factory=list)
    bias: float = 0.0

    def fit(self, features, target):
        self.weights = [0.0] * len(features[0])
        self.bias = 0.0
        n = len(features)
        for _ in range(self.epochs):
            errors = [self.predict_one(x) - y for x, y in zip(features, target)]
            for j in range(len(self.weights)):
                gradient = sum(e * x[j] for e, x in zip(errors, features)) / n
                self.weights[j] -= self.learning_rate * gradient
            self.bias -= self.learning_rate * sum(errors) / n
        return self

    def predict_one(self, x):
        return self.bias + sum(w * xi for w, xi in zip(self.weights, x))

    def predict(self, features):
        return [self.predict_one(x) for x in features]


def score(model, features, target):
    """R² of the model's predictions."""
    predictions = model.predict(features)
    mean_target = sum(target) / len(target)
    residual = sum((y - p) ** 2 for y, p in zip(target, predictions))
    total = sum((y - mean_target) ** 2 for y in target)
    return 1 - residual / total


# %% Try it: put the caret in this cell and press Ctrl+Enter (F5 runs the whole file)
if __name__ == "__main__":
    from models import LinearModel, score
    from preprocess import load_rows, split_features

    X, y = split_features(load_rows())
    print(f"R² = {score(LinearModel().fit(X, y), X, y):.3f}")
