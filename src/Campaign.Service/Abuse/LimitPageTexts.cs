namespace Campaign.Service.Abuse;

/// <summary>
/// What the supporter pages say when a limit refuses, in each language the pages speak. <c>{0}</c> is a duration
/// made with <see cref="Seconds"/> or <see cref="Minutes"/>.
/// </summary>
public sealed record LimitPageTexts(string Title, string TooMany, string Busy, string Seconds, string Minutes)
{
    private static readonly Dictionary<string, LimitPageTexts> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = new(
            "Please wait a moment",
            "We have received many requests from your connection in a short time. Please try again in {0}.",
            "Many people are signing at this moment. Please try again in {0}.",
            "{0} seconds", "{0} minutes"),
        ["ko"] = new(
            "잠시 기다려 주세요",
            "짧은 시간 동안 사용 중인 연결에서 요청이 너무 많이 들어왔습니다. {0} 후에 다시 시도해 주세요.",
            "지금 많은 분들이 서명하고 있습니다. {0} 후에 다시 시도해 주세요.",
            "{0}초", "{0}분"),
        ["zh"] = new(
            "请稍候",
            "短时间内来自您的网络连接的请求过多。请在{0}后重试。",
            "此刻有很多人正在签名。请在{0}后重试。",
            "{0}秒", "{0}分钟"),
        ["lo"] = new(
            "ກະລຸນາລໍຖ້າຈັກໜ່ອຍ",
            "ພວກເຮົາໄດ້ຮັບຄຳຮ້ອງຂໍຈາກການເຊື່ອມຕໍ່ຂອງທ່ານຫຼາຍເກີນໄປໃນເວລາສັ້ນໆ. ກະລຸນາລອງໃໝ່ອີກຄັ້ງໃນ {0}.",
            "ມີຫຼາຍຄົນກຳລັງລົງຊື່ໃນຕອນນີ້. ກະລຸນາລອງໃໝ່ອີກຄັ້ງໃນ {0}.",
            "{0} ວິນາທີ", "{0} ນາທີ"),
    };

    /// <summary>The texts in <paramref name="language"/>, or in English.</summary>
    public static LimitPageTexts For(string language) => ByLanguage.GetValueOrDefault(language) ?? ByLanguage["en"];

    /// <summary>Seconds up to two minutes, whole minutes (rounded up) beyond.</summary>
    public string Duration(int seconds) => seconds <= 120
        ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Seconds, seconds)
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, Minutes, (seconds + 59) / 60);
}
