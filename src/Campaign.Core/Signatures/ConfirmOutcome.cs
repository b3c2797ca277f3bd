using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Signatures;

public enum ConfirmOutcome { Confirmed, AlreadyConfirmed, Gone }
