; dsstudio for Windows: a per-user installer (no administrator rights) around the PyInstaller
; onedir bundle. Build: makensis -DVERSION=x.y.z -DPAYLOAD=dist\dsstudio -DOUTFILE=... dsstudio.nsi
; (`make installer-windows` does it). Adds: the program under %LOCALAPPDATA%\Programs, a Start
; menu entry, "Open with dsstudio" on folders and folder backgrounds, the .dsproj file type, and
; an uninstaller that removes all of it. Folders keep their default handler (Explorer): dsstudio
; is only offered, never made the default.

Unicode true
!include "MUI2.nsh"

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\..\dist\dsstudio"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\dsstudio-${VERSION}-windows.exe"
!endif
!ifndef ICON
  !define ICON "..\..\dsstudio\resources\icons\dsstudio.ico"
!endif

!define APP "dsstudio"
!define EXE "$INSTDIR\dsstudio.exe"
!define CLASSES "Software\Classes"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\dsstudio"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
RequestExecutionLevel user
SetCompressor /SOLID lzma

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "${EXE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Section "dsstudio" SecMain
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*.*"
  File "/oname=dsstudio.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "${EXE}" "" "$INSTDIR\dsstudio.ico"

  ; "Open with dsstudio" on a folder, and on the background of an open folder.
  WriteRegStr HKCU "${CLASSES}\Directory\shell\dsstudio" "" "Open with dsstudio"
  WriteRegStr HKCU "${CLASSES}\Directory\shell\dsstudio" "Icon" "$INSTDIR\dsstudio.ico"
  WriteRegStr HKCU "${CLASSES}\Directory\shell\dsstudio\command" "" '"${EXE}" "%V"'
  WriteRegStr HKCU "${CLASSES}\Directory\Background\shell\dsstudio" "" "Open with dsstudio"
  WriteRegStr HKCU "${CLASSES}\Directory\Background\shell\dsstudio" "Icon" "$INSTDIR\dsstudio.ico"
  WriteRegStr HKCU "${CLASSES}\Directory\Background\shell\dsstudio\command" "" '"${EXE}" "%V"'

  ; .dsproj: dsstudio's own file type (double-click opens the project).
  WriteRegStr HKCU "${CLASSES}\.dsproj" "" "dsstudio.project"
  WriteRegStr HKCU "${CLASSES}\dsstudio.project" "" "dsstudio project"
  WriteRegStr HKCU "${CLASSES}\dsstudio.project\DefaultIcon" "" "$INSTDIR\dsstudio.ico"
  WriteRegStr HKCU "${CLASSES}\dsstudio.project\shell\open\command" "" '"${EXE}" "%1"'

  ; Apps & features.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "dsstudio"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\dsstudio.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  DeleteRegKey HKCU "${CLASSES}\Directory\shell\dsstudio"
  DeleteRegKey HKCU "${CLASSES}\Directory\Background\shell\dsstudio"
  ; The .dsproj extension key is removed only while it still points to us.
  ReadRegStr $0 HKCU "${CLASSES}\.dsproj" ""
  StrCmp $0 "dsstudio.project" 0 +2
    DeleteRegKey HKCU "${CLASSES}\.dsproj"
  DeleteRegKey HKCU "${CLASSES}\dsstudio.project"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP}"
  RMDir /r "$INSTDIR"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
