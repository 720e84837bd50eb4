namespace Notifier.Auth.Tokens;

public enum TokenCheckStatus
{
    Valid,
    Invalid,
    KeysUnavailable,
}
