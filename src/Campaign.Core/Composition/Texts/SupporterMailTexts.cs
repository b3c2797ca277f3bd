namespace Campaign.Core.Composition;

/// <summary>
/// The words of the service's own emails to supporters, in each language the first campaigns use.
/// Campaign files hold the campaign's words; these hold ours. {0} is the campaign title.
/// </summary>
public static class SupporterMailTexts
{
    public sealed record ConfirmationText(string Subject, string Greeting, string Ask, string Button, string Ignore, string Unsubscribe, string Erase);

    private static readonly Dictionary<string, ConfirmationText> Confirmation = new(StringComparer.Ordinal)
    {
        ["en"] = new(
            "Please confirm your signature: {0}",
            "Thank you for signing \"{0}\".",
            "Your signature counts only once you confirm it. Please open this link and press the button:",
            "Confirm my signature",
            "If you did not sign, ignore this email: nothing will be counted or sent in your name.",
            "Withdraw my signature and stop all email",
            "Delete everything about me"),
        ["ko"] = new(
            "서명을 확인해 주세요: {0}",
            "\"{0}\"에 서명해 주셔서 감사합니다.",
            "서명은 확인하신 후에만 집계됩니다. 아래 링크를 열고 버튼을 눌러 주세요:",
            "서명 확인하기",
            "서명하지 않으셨다면 이 메일을 무시하세요. 귀하의 이름으로 집계되거나 발송되는 것은 없습니다.",
            "서명 철회 및 모든 메일 수신 중단",
            "저에 관한 모든 정보 삭제"),
        ["zh"] = new(
            "请确认您的签名：{0}",
            "感谢您签署“{0}”。",
            "您的签名只有在确认后才会被计入。请打开以下链接并点击按钮：",
            "确认我的签名",
            "如果您没有签名，请忽略此邮件：不会以您的名义计入或发送任何内容。",
            "撤回我的签名并停止所有邮件",
            "删除关于我的一切信息"),
        ["lo"] = new(
            "ກະລຸນາຢືນຢັນລາຍເຊັນຂອງທ່ານ: {0}",
            "ຂອບໃຈທີ່ທ່ານໄດ້ລົງລາຍເຊັນ \"{0}\".",
            "ລາຍເຊັນຂອງທ່ານຈະຖືກນັບກໍຕໍ່ເມື່ອທ່ານຢືນຢັນແລ້ວ. ກະລຸນາເປີດລິ້ງນີ້ ແລະ ກົດປຸ່ມ:",
            "ຢືນຢັນລາຍເຊັນຂອງຂ້ອຍ",
            "ຖ້າທ່ານບໍ່ໄດ້ລົງລາຍເຊັນ, ກະລຸນາບໍ່ສົນໃຈອີເມວນີ້: ຈະບໍ່ມີຫຍັງຖືກນັບ ຫຼື ສົ່ງໃນນາມຂອງທ່ານ.",
            "ຖອນລາຍເຊັນຂອງຂ້ອຍ ແລະ ຢຸດອີເມວທັງໝົດ",
            "ລຶບທຸກຢ່າງກ່ຽວກັບຂ້ອຍ"),
    };

    public static ConfirmationText ConfirmationIn(string language) =>
        Confirmation.TryGetValue(language, out var text) ? text : Confirmation["en"];

    /// <summary>The foot of an update: why it came, and the two ways out. {0} is the campaign title.</summary>
    public sealed record UpdateText(string Why, string Stop, string Erase);

    private static readonly Dictionary<string, UpdateText> Update = new(StringComparer.Ordinal)
    {
        ["en"] = new("You receive this because you signed \"{0}\" and asked for its updates.", "Stop these updates", "Delete everything about me"),
        ["ko"] = new("\"{0}\"에 서명하고 소식 받기를 선택하셔서 이 메일을 보내 드립니다.", "소식 수신 중단", "저에 관한 모든 정보 삭제"),
        ["zh"] = new("您收到此邮件，是因为您签署了“{0}”并选择接收其最新消息。", "退订最新消息", "删除关于我的一切信息"),
        ["lo"] = new("ທ່ານໄດ້ຮັບອີເມວນີ້ ເພາະທ່ານໄດ້ລົງລາຍເຊັນ \"{0}\" ແລະ ເລືອກຮັບຂ່າວຄາວຂອງມັນ.", "ຢຸດຮັບຂ່າວຄາວເຫຼົ່ານີ້", "ລຶບທຸກຢ່າງກ່ຽວກັບຂ້ອຍ"),
    };

    public static UpdateText UpdateIn(string language) =>
        Update.TryGetValue(language, out var text) ? text : Update["en"];
}
