namespace Agora.Web;

/// <summary>Input that breaks a rule; becomes a 400 ValidationProblem with one entry per field.</summary>
public sealed class InvalidInputException(IDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid: " + string.Join(", ", errors.Keys))
{
    public InvalidInputException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }

    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The request clashes with what is stored (a taken name, say); becomes a 409.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The thing asked for does not exist (or the caller may not know it does); becomes a 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller is known but may not do this; becomes a 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>Collects field errors and throws them together.</summary>
public sealed class Validator
{
    readonly Dictionary<string, List<string>> errors = [];

    public Validator Check(bool ok, string field, string message)
    {
        if (!ok) Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    public bool IsValid => errors.Count == 0;

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new InvalidInputException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
