using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Signatures;

public enum SignOutcome { Pending, AlreadySigned }
