namespace PolicyWatch.Storage;

/// <summary>
/// The database cannot be used at all, whatever engine holds it: callers (the CLI, the health check) tell the
/// operator why and stop, without knowing which provider's exception lay underneath.
/// </summary>
public abstract class DatabaseUnusableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The database was written by a newer PolicyWatch; we refuse to touch it.</summary>
public sealed class DatabaseTooNewException(string path, int found, int known) : DatabaseUnusableException(
    $"{path} has schema version {found}, but this PolicyWatch knows versions up to {known}. " +
    "It was written by a newer PolicyWatch: upgrade, or point --db at another file. The database was not changed.")
{
    public int FoundVersion { get; } = found;
}

/// <summary>The database cannot be opened or read: not a database, unreadable, locked beyond the wait, a full disk.</summary>
public sealed class DatabaseUnreachableException(string path, Exception inner)
    : DatabaseUnusableException(inner.Message, inner)
{
    public string Path { get; } = path;
}
