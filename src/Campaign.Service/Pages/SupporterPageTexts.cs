namespace Campaign.Service.Pages;

/// <summary>The few words of the confirm and unsubscribe pages, in the languages of the first campaigns.</summary>
public static class SupporterPageTexts
{
    public sealed record Words(string ConfirmTitle, string ConfirmButton, string Confirmed, string Expired, string WithdrawTitle, string WithdrawButton, string Withdrawn);

    private static readonly Dictionary<string, Words> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = new("Confirm your signature", "Confirm my signature", "Thank you: your signature is confirmed.",
            "This link has expired or is no longer valid.", "Withdraw your signature", "Withdraw my signature",
            "Your signature is withdrawn and your details are erased. You will get no more email from this campaign."),
        ["ko"] = new("서명 확인", "서명 확인하기", "감사합니다. 서명이 확인되었습니다.",
            "이 링크는 만료되었거나 더 이상 유효하지 않습니다.", "서명 철회", "서명 철회하기",
            "서명이 철회되었고 개인 정보가 삭제되었습니다. 이 캠페인에서 더 이상 메일을 받지 않습니다."),
        ["zh"] = new("确认您的签名", "确认我的签名", "谢谢，您的签名已确认。",
            "此链接已过期或不再有效。", "撤回您的签名", "撤回我的签名",
            "您的签名已撤回，您的信息已删除。您将不会再收到此活动的邮件。"),
        ["lo"] = new("ຢືນຢັນລາຍເຊັນຂອງທ່ານ", "ຢືນຢັນລາຍເຊັນຂອງຂ້ອຍ", "ຂອບໃຈ: ລາຍເຊັນຂອງທ່ານໄດ້ຮັບການຢືນຢັນແລ້ວ.",
            "ລິ້ງນີ້ໝົດອາຍຸ ຫຼື ບໍ່ຖືກຕ້ອງອີກຕໍ່ໄປ.", "ຖອນລາຍເຊັນຂອງທ່ານ", "ຖອນລາຍເຊັນຂອງຂ້ອຍ",
            "ລາຍເຊັນຂອງທ່ານຖືກຖອນແລ້ວ ແລະ ຂໍ້ມູນຂອງທ່ານຖືກລຶບແລ້ວ. ທ່ານຈະບໍ່ໄດ້ຮັບອີເມວຈາກແຄມເປນນີ້ອີກ."),
    };

    public static (string Language, Words Words) For(HttpRequest request)
    {
        var wanted = request.Query["lang"].ToString();
        if (string.IsNullOrEmpty(wanted)) wanted = request.Headers.AcceptLanguage.ToString();
        var primary = wanted.Split(',', ';', '-', '_')[0].Trim().ToLowerInvariant();
        return ByLanguage.TryGetValue(primary, out var words) ? (primary, words) : ("en", ByLanguage["en"]);
    }
}
