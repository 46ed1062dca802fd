"""Lint as you type, on screen: squiggles and margin marks, hover text, the Problems pane."""
