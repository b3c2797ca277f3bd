namespace Campaign.Service.Pages;

/// <summary>
/// Our words for the campaign page's numbers (issue 17, point 4) and its poster QR code, in the four languages.
/// Kept in one file of their own so the section can be read, and translated, as one piece.
/// </summary>
/// <param name="PerHour">{0} the number of hours.</param>
/// <param name="Reached">{0} the milestone.</param>
/// <param name="ToGo">{0} the milestone, {1} the signatures it still needs.</param>
/// <param name="FloorNote">{0} the privacy floor: a country with fewer signatures is not named.</param>
public sealed record NumbersWords(
    string Heading, string PerHour, string PerDay, string Milestones, string Reached, string ToGo, string ByCountry,
    string OtherCountries, string FloorNote, string NoneYet, string QrHeading, string QrAlt, string QrDownload)
{
    public static NumbersWords For(string language) => language switch
    {
        "ko" => Korean,
        "zh" => Chinese,
        "lo" => Lao,
        _ => English,
    };

    private static readonly NumbersWords English = new(
        "In numbers", "Signatures confirmed per hour, last {0} hours (UTC)", "Signatures confirmed per day (UTC)",
        "Milestones", "{0}: reached", "{0}: {1} to go", "Where supporters sign from", "other countries",
        "Countries with fewer than {0} signatures are counted together, so that no one stands out.",
        "No confirmed signatures yet.", "QR code for posters", "QR code that opens this page", "Download the QR code (SVG)");

    private static readonly NumbersWords Korean = new(
        "숫자로 보기", "시간별 확인된 서명, 최근 {0}시간 (UTC)", "일별 확인된 서명 (UTC)",
        "목표 단계", "{0}명: 달성", "{0}명: {1}명 남음", "서명자 국가", "기타 국가",
        "서명이 {0}명 미만인 국가는 누구도 드러나지 않도록 함께 집계합니다.",
        "아직 확인된 서명이 없습니다.", "포스터용 QR 코드", "이 페이지를 여는 QR 코드", "QR 코드 내려받기 (SVG)");

    private static readonly NumbersWords Chinese = new(
        "数据", "每小时确认的签名，最近 {0} 小时（UTC）", "每日确认的签名（UTC）",
        "里程碑", "{0}：已达成", "{0}：还差 {1}", "签名者所在国家", "其他国家",
        "签名少于 {0} 个的国家合并计算，以免任何人被辨认出来。",
        "还没有确认的签名。", "海报二维码", "打开本页的二维码", "下载二维码（SVG）");

    private static readonly NumbersWords Lao = new(
        "ຕົວເລກ", "ລາຍເຊັນທີ່ຢືນຢັນແລ້ວຕໍ່ຊົ່ວໂມງ, {0} ຊົ່ວໂມງຜ່ານມາ (UTC)", "ລາຍເຊັນທີ່ຢືນຢັນແລ້ວຕໍ່ມື້ (UTC)",
        "ຈຸດໝາຍ", "{0}: ບັນລຸແລ້ວ", "{0}: ຍັງເຫຼືອ {1}", "ປະເທດຂອງຜູ້ລົງລາຍເຊັນ", "ປະເທດອື່ນໆ",
        "ປະເທດທີ່ມີລາຍເຊັນໜ້ອຍກວ່າ {0} ຖືກນັບລວມກັນ, ເພື່ອບໍ່ໃຫ້ໃຜຖືກລະບຸຕົວໄດ້.",
        "ຍັງບໍ່ມີລາຍເຊັນທີ່ຢືນຢັນແລ້ວ.", "ລະຫັດ QR ສຳລັບໂປສເຕີ", "ລະຫັດ QR ທີ່ເປີດໜ້ານີ້", "ດາວໂຫຼດລະຫັດ QR (SVG)");
}
