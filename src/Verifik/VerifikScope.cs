namespace Verifik;

/// <summary>
/// Where a sign-in is kept: this process only (the default; in the default session, every runspace of the process),
/// or also saved for the current user's next shells.
/// </summary>
public enum VerifikScope
{
    Process,
    CurrentUser,
}
