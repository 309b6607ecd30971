using System.IO.Compression;
using System.Security.Cryptography;
using EENet.Repro.Datasets;

namespace EENet.Repro.DataScripts;

/// <summary>Checks a file against a manifest entry; says why it does not match.</summary>
public static class FileChecksum
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Md5(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    /// <summary>Null when the file is the expected one, else the reason.</summary>
    public static string? Mismatch(string path, DataFile expected)
    {
        var length = new FileInfo(path).Length;
        if (expected.Sha256 is not null && Sha256(path) == expected.Sha256) return SizeMismatch(length, expected);
        if (expected.Md5 is not null && Md5(path) == expected.Md5) return SizeMismatch(length, expected);
        if (expected.ContentSha256 is not null && GunzipSha256(path) == expected.ContentSha256) return null;
        var wanted = expected.Sha256 is not null ? $"SHA-256 {expected.Sha256}" : $"MD5 {expected.Md5}";
        return $"checksum mismatch: {Path.GetFileName(path)} ({length:N0} bytes) is not the published file ({wanted}" +
               (expected.Size is { } s ? $", {s:N0} bytes" : "") + ")";
    }

    private static string? SizeMismatch(long length, DataFile expected) =>
        expected.Size is { } s && s != length ? $"size {length:N0} bytes, expected {s:N0}" : null;

    private static string? GunzipSha256(string path)
    {
        try
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            return Convert.ToHexStringLower(SHA256.HashData(gz));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
    }
}
