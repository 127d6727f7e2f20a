namespace PolicyWatch.Storage;

/// <summary>The database was written by a newer PolicyWatch; we refuse to touch it.</summary>
public sealed class DatabaseTooNewException(string path, int found, int known) : Exception(
    $"{path} has schema version {found}, but this PolicyWatch knows versions up to {known}. " +
    "It was written by a newer PolicyWatch: upgrade, or point --db at another file. The database was not changed.")
{
    public int FoundVersion { get; } = found;
}
