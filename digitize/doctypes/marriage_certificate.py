from .base import AUTHORITY, CODE, DATE, NAME, PERSONAL_ID, DocType, FieldSpec

DOCTYPE = DocType(
    name="marriage_certificate",
    titles=("GIẤY CHỨNG NHẬN KẾT HÔN",),
    fields=(
        FieldSpec("husband_name", NAME, ("Họ, chữ đệm, tên chồng", "Họ và tên chồng")),
        FieldSpec("husband_date_of_birth", DATE, ("Ngày, tháng, năm sinh",), occurrence=2),
        FieldSpec("husband_personal_id", PERSONAL_ID, ("Số định danh cá nhân", "Giấy tờ tùy thân"), occurrence=2),
        FieldSpec("wife_name", NAME, ("Họ, chữ đệm, tên vợ", "Họ và tên vợ")),
        FieldSpec("wife_date_of_birth", DATE, ("Ngày, tháng, năm sinh",)),
        FieldSpec("wife_personal_id", PERSONAL_ID, ("Số định danh cá nhân", "Giấy tờ tùy thân")),
        FieldSpec("registration_number", CODE, ("Số",)),
        FieldSpec("registration_date", DATE, ("Ngày, tháng, năm đăng ký", "Ngày đăng ký"), fallback="place_date"),
        FieldSpec("issuing_authority", AUTHORITY, ("Nơi đăng ký kết hôn",), fallback="header"),
    ),
    stop_labels=("Dân tộc", "Quốc tịch", "Nơi cư trú"),
)
