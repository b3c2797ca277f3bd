namespace Campaign.Core.Composition;

/// <summary>
/// The service's own words around a petition delivery, in each language the first campaigns use; the
/// petition itself is the campaign's words. {0} is the campaign title, {1} the number of new signatures,
/// {2} the total.
/// </summary>
public static class DeliveryTexts
{
    public sealed record DeliveryText(string Subject, string Greeting, string Delivers, string Total, string ByCountry, string Attached, string Petition);

    private static readonly Dictionary<string, DeliveryText> Texts = new(StringComparer.Ordinal)
    {
        ["en"] = new(
            "{0}: {1} new signatures",
            "Dear {0},",
            "We deliver to you {1} new signatures to the petition \"{0}\", confirmed since our last delivery.",
            "In total, {2} people have signed this petition.",
            "Signatures by country:",
            "Attached are the names and countries of the signers who agreed to share them with you.",
            "The petition:"),
        ["ko"] = new(
            "{0}: 새 서명 {1}건",
            "{0} 귀하",
            "지난 전달 이후 확인된 \"{0}\" 청원의 새 서명 {1}건을 전달합니다.",
            "지금까지 모두 {2}명이 이 청원에 서명했습니다.",
            "나라별 서명 수:",
            "이름과 나라를 전달하는 데 동의한 서명자들의 이름과 나라를 첨부합니다.",
            "청원문:"),
        ["zh"] = new(
            "{0}：{1}个新签名",
            "尊敬的{0}：",
            "我们向您递交请愿书“{0}”自上次递交以来经确认的{1}个新签名。",
            "迄今共有{2}人签署了这份请愿书。",
            "按国家统计的签名数：",
            "附件列出了同意向您提供姓名和国家的签名者的姓名和国家。",
            "请愿书全文："),
        ["lo"] = new(
            "{0}: ລາຍເຊັນໃໝ່ {1} ລາຍເຊັນ",
            "ຮຽນ {0},",
            "ພວກເຮົາຂໍສົ່ງລາຍເຊັນໃໝ່ {1} ລາຍເຊັນ ຂອງຄຳຮ້ອງ \"{0}\" ທີ່ໄດ້ຮັບການຢືນຢັນນັບແຕ່ການສົ່ງຄັ້ງກ່ອນ.",
            "ມາຮອດປັດຈຸບັນ ມີທັງໝົດ {2} ຄົນໄດ້ລົງລາຍເຊັນໃນຄຳຮ້ອງນີ້.",
            "ຈຳນວນລາຍເຊັນຕາມປະເທດ:",
            "ຄັດຕິດມານີ້ແມ່ນຊື່ ແລະ ປະເທດຂອງຜູ້ລົງລາຍເຊັນທີ່ຕົກລົງໃຫ້ແບ່ງປັນຂໍ້ມູນນີ້ກັບທ່ານ.",
            "ຄຳຮ້ອງ:"),
    };

    public static DeliveryText In(string language) => Texts.TryGetValue(language, out var text) ? text : Texts["en"];
}
