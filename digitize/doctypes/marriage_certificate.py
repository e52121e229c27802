from .base import AUTHORITY, CODE, DATE, NAME, PERSONAL_ID, DocType, FieldSpec

NAME_ROW = ("Họ, chữ đệm, tên", "Họ và tên")
BIRTH_ROW = ("Ngày, tháng, năm sinh",)
ID_ROW = ("Giấy tờ tùy thân", "Số định danh cá nhân")

DOCTYPE = DocType(
    name="marriage_certificate",
    titles=("GIẤY CHỨNG NHẬN KẾT HÔN",),
    fields=(
        # a table with one column per spouse (CHỒNG | VỢ, in either order) ...
        FieldSpec("husband_name", NAME, NAME_ROW, column="CHỒNG"),
        FieldSpec("husband_date_of_birth", DATE, BIRTH_ROW, column="CHỒNG"),
        FieldSpec("husband_personal_id", PERSONAL_ID, ID_ROW, column="CHỒNG"),
        FieldSpec("wife_name", NAME, NAME_ROW, column="VỢ"),
        FieldSpec("wife_date_of_birth", DATE, BIRTH_ROW, column="VỢ"),
        FieldSpec("wife_personal_id", PERSONAL_ID, ID_ROW, column="VỢ"),
        # ... or labelled blocks, side by side or one after the other: a spouse's birth date
        # and id are the ones nearest under that spouse's name
        FieldSpec("husband_name", NAME, ("Họ, chữ đệm, tên chồng", "Họ và tên chồng")),
        FieldSpec("husband_date_of_birth", DATE, BIRTH_ROW, near="husband_name"),
        FieldSpec("husband_personal_id", PERSONAL_ID, ID_ROW, near="husband_name"),
        FieldSpec("wife_name", NAME, ("Họ, chữ đệm, tên vợ", "Họ và tên vợ")),
        FieldSpec("wife_date_of_birth", DATE, BIRTH_ROW, near="wife_name"),
        FieldSpec("wife_personal_id", PERSONAL_ID, ID_ROW, near="wife_name"),
        FieldSpec("registration_number", CODE, ("Số",)),
        FieldSpec("registration_date", DATE, ("Ngày, tháng, năm đăng ký", "Ngày đăng ký"), fallback="place_date"),
        FieldSpec("issuing_authority", AUTHORITY, ("Nơi đăng ký kết hôn",), fallback="header"),
    ),
    stop_labels=("Quyển số", "Dân tộc", "Quốc tịch", "Nơi cư trú"),
)
