using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace Campaign.Core.Signatures;

public enum TokenCheck { Valid, Malformed, Expired }
