from .. import codes
from .base import ADDRESS, NATIONALITY, DATE, NAME, PERSONAL_ID, SEX, DocType, FieldSpec


def machine_readable(page_codes: list[str], lines: list[str]) -> dict[str, str]:
    """The chip card's QR (front) and the MRZ (back), where scanned."""
    out: dict[str, str] = {}
    mrz = codes.mrz_lines(lines)
    if mrz:
        out.update(codes.cccd_mrz(mrz))
    for text in page_codes:
        out.update(codes.cccd_qr(text))
    return out


DOCTYPE = DocType(
    name="cccd",
    titles=("CĂN CƯỚC CÔNG DÂN", "CĂN CƯỚC", "CITIZEN IDENTITY CARD", "IDENTITY CARD",
            "CHỨNG MINH NHÂN DÂN", "GIẤY CHỨNG MINH NHÂN DÂN"),
    fields=(
        FieldSpec("personal_id", PERSONAL_ID, ("Số định danh cá nhân", "Số"), fallback="id_shape"),
        FieldSpec("full_name", NAME, ("Họ, chữ đệm và tên khai sinh", "Họ và tên", "Họ tên"), fallback="card_name"),
        FieldSpec("date_of_birth", DATE, ("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày"), fallback="card_birth"),
        FieldSpec("sex", SEX, ("Giới tính",), fallback="card_sex"),
        FieldSpec("nationality", NATIONALITY, ("Quốc tịch",), fallback="card_nationality"),
        FieldSpec("place_of_origin", ADDRESS, ("Quê quán", "Nguyên quán")),
        FieldSpec("place_of_residence", ADDRESS, ("Nơi thường trú", "Nơi cư trú", "Nơi ĐKHK thường trú")),
        FieldSpec("expiry_date", DATE, ("Có giá trị đến", "Ngày, tháng, năm hết hạn", "Date of expiry"),
                  fallback="milestone"),
    ),
    machine_readable=machine_readable,
    zone_names_type=True,
    not_printed_when=(("hochudemvatenkhaisinh", ("place_of_origin",)),),
    stop_labels=("Nơi đăng ký khai sinh", "Đặc điểm nhận dạng", "Ngày, tháng, năm cấp",
                 "Ngày, tháng, năm"),
)
