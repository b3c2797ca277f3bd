using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Core.Privacy;

/// <summary>
/// The key that opens every other key (<c>Privacy:DataKey</c>): 32 random bytes that live outside the database,
/// so a copy of the database alone opens nothing. Its id, written beside what it wraps, tells which key a
/// database needs without revealing the key.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;
    private static readonly byte[] IdLabel = Encoding.ASCII.GetBytes("campaign master key id");
    private static readonly byte[] WrapInfo = Encoding.ASCII.GetBytes("campaign key wrap v1");

    private MasterKey(byte[] material)
    {
        Id = BinaryPrimitives.ReadInt32BigEndian(HMACSHA256.HashData(material, IdLabel));
        WrappingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, material, Length, salt: null, info: WrapInfo);
        Text = Convert.ToBase64String(material);
    }

    public int Id { get; }

    /// <summary>The key as it is written in configuration or in the key file.</summary>
    public string Text { get; }

    internal byte[] WrappingKey { get; }

    /// <summary>Shown to operators: which key a database or a process has, never the key itself.</summary>
    public string Label => Id.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    /// <exception cref="DataKeyException">Not base64, or not 32 bytes; the message names <paramref name="setting"/>.</exception>
    public static MasterKey Parse(string text, string setting)
    {
        byte[] material;
        try
        {
            material = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new DataKeyException($"{setting}: not base64; expected 32 random bytes in base64 (for example from `openssl rand -base64 32`)");
        }
        if (material.Length != Length)
            throw new DataKeyException($"{setting}: {material.Length} bytes; expected exactly {Length} bytes in base64 (`openssl rand -base64 32`)");
        return new MasterKey(material);
    }
}
