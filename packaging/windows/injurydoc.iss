; Inno Setup 6 script for injurydoc (issue #8).  Build recipe: packaging/README.md.
;   iscc /DAppVersion=0.1.0 packaging\windows\injurydoc.iss
; Input:  packaging\dist\injurydoc\  (PyInstaller one-folder build made on Windows)
; Output: packaging\dist\injurydoc-<version>-setup.exe
;
; Per machine (Program Files, all users; needs administrator) or per user (no administrator):
; the installer asks, or IT chooses silently with /ALLUSERS or /CURRENTUSER.
; The store (patient data) is never in the program folder: it is in %LOCALAPPDATA%\injurydoc\injurydoc\stores
; or a folder chosen at first start.  Uninstalling removes the program files only and never deletes a
; store, settings or error reports — there is deliberately no [UninstallDelete] section.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Skadedokumentation"
#define AppExe "injurydoc.exe"

[Setup]
; A fixed AppId: upgrades replace the program in place. Never change it.
AppId={{7B1E6C52-4E0F-4C7A-9E3B-2D6F1A8C5E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=injurydoc
DefaultDirName={autopf}\injurydoc
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SourceDir=..\dist
OutputDir=.
OutputBaseFilename=injurydoc-{#AppVersion}-setup
SetupIconFile=..\windows\injurydoc.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: injurydoc.exe (windowed), injurydoc-cli.exe (console), _internal\.
Source: "injurydoc\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; When upgrading, files of the old version that the new one lacks are removed with the old
; _internal folder (program files only).
[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Dokumentation av skador efter våld"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
