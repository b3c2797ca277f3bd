using System.Text.Json;
using Dapper;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Campaign.Core.Deliveries;

public enum DeliveryReason { Schedule, Milestone, Closing }
