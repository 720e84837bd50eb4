using System.IO.Compression;

namespace Notifier.Deploy.Tests.Packaging;

/// <summary><c>bootstrap</c> extracted from the Lambda zip into a folder of its own, deleted on dispose.</summary>
internal sealed class ExtractedBootstrap : IDisposable
{
    private readonly DirectoryInfo _folder;

    private ExtractedBootstrap(DirectoryInfo folder) => _folder = folder;

    public string Path => System.IO.Path.Combine(_folder.FullName, "bootstrap");

    public static ExtractedBootstrap From(string zip)
    {
        var folder = Directory.CreateTempSubdirectory("notifier-bootstrap-");
        try
        {
            ZipFile.ExtractToDirectory(zip, folder.FullName);
            return new ExtractedBootstrap(folder);
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
