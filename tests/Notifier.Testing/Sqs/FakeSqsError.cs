namespace Notifier.Testing.Sqs;

/// <summary>An error the fake answers as SQS does over AWS JSON 1.0: HTTP status, <c>__type</c> body and <c>x-amzn-query-error</c> header.</summary>
/// <remarks>
/// SQS moved from the Query protocol to JSON but kept its Query-era codes: the body's <c>__type</c> names the model's
/// shape (which the SDK maps to a typed exception) and the header carries the old code and the fault side
/// (<c>AWS.SimpleQueueService.NonExistentQueue;Sender</c>), which SDKs prefer as the error code.
/// </remarks>
public sealed class FakeSqsError : Exception
{
    public FakeSqsError()
        : this("com.amazonaws.sqs#InternalError", "InternalError", "internal error", 500, sender: false)
    {
    }

    public FakeSqsError(string message)
        : this("com.amazonaws.sqs#InternalError", "InternalError", message, 500, sender: false)
    {
    }

    public FakeSqsError(string message, Exception innerException)
        : base(message, innerException)
    {
        Type = "com.amazonaws.sqs#InternalError";
        QueryCode = "InternalError";
        StatusCode = 500;
    }

    public FakeSqsError(string type, string queryCode, string message, int statusCode = 400, bool sender = true)
        : base(message)
    {
        Type = type;
        QueryCode = queryCode;
        StatusCode = statusCode;
        Sender = sender;
    }

    /// <summary>The body's <c>__type</c>, e.g. <c>com.amazonaws.sqs#QueueDoesNotExist</c>.</summary>
    public string Type { get; }

    /// <summary>The Query-era code sent in <c>x-amzn-query-error</c>, e.g. <c>AWS.SimpleQueueService.NonExistentQueue</c>.</summary>
    public string QueryCode { get; }

    public int StatusCode { get; }

    /// <summary>Whether the caller is at fault (<c>Sender</c>) rather than the service (<c>Receiver</c>).</summary>
    public bool Sender { get; }

    public static FakeSqsError QueueDoesNotExist() =>
        new("com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");

    public static FakeSqsError InvalidParameterValue(string reason) =>
        new("com.amazon.coral.service#InvalidParameterValueException", "InvalidParameterValue", $"Value for parameter is invalid. Reason: {reason}");

    public static FakeSqsError MissingParameter(string name) =>
        new("com.amazonaws.sqs#MissingParameter", "MissingParameter", $"The request must contain the parameter {name}.");

    public static FakeSqsError ReceiptHandleIsInvalid(string handle) =>
        new("com.amazonaws.sqs#ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    public static FakeSqsError MessageNotInflight() =>
        new("com.amazonaws.sqs#MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.");

    public static FakeSqsError TooManyEntriesInBatchRequest(int count) =>
        new("com.amazonaws.sqs#TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {count}.");

    public static FakeSqsError EmptyBatchRequest() =>
        new("com.amazonaws.sqs#EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one entry in the request.");

    public static FakeSqsError BatchEntryIdsNotDistinct(string id) =>
        new("com.amazonaws.sqs#BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", $"Id {id} repeated.");

    public static FakeSqsError InvalidBatchEntryId(string id) =>
        new("com.amazonaws.sqs#InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", $"A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long: {id}");

    public static FakeSqsError BatchRequestTooLong(int bytes, int limit) =>
        new("com.amazonaws.sqs#BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", $"Batch requests cannot be longer than {limit} bytes. You have sent {bytes} bytes.");

    public static FakeSqsError InvalidMessageContents() =>
        new("com.amazonaws.sqs#InvalidMessageContents", "InvalidMessageContents", "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");

    public static FakeSqsError InvalidAttributeName(string name) =>
        new("com.amazonaws.sqs#InvalidAttributeName", "InvalidAttributeName", $"Unknown Attribute {name}.");

    public static FakeSqsError InvalidAction(string action) =>
        new("com.amazonaws.sqs#InvalidAction", "InvalidAction", $"The action {action} is not valid for this endpoint.");

    public static FakeSqsError InternalError() =>
        new("com.amazonaws.sqs#InternalError", "InternalError", "We encountered an internal error. Please try again.", 500, sender: false);
}
