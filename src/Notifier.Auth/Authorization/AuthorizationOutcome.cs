namespace Notifier.Auth.Authorization;

public enum AuthorizationOutcome
{
    Allow,
    Deny,
    Unauthorized,
    Unavailable,
}
