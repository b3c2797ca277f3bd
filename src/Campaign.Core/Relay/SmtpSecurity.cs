using System.ComponentModel.DataAnnotations;

namespace Campaign.Core.Relay;

public enum SmtpSecurity { None, StartTls, SslOnConnect, Auto }
