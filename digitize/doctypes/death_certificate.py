from .base import AUTHORITY, CODE, DATE, NAME, PERSONAL_ID, SEX, TEXT, DocType, FieldSpec

DOCTYPE = DocType(
    name="death_certificate",
    titles=("TRÍCH LỤC KHAI TỬ",),
    fields=(
        FieldSpec("full_name", NAME, ("Họ, chữ đệm, tên", "Họ và tên")),
        FieldSpec("date_of_birth", DATE, ("Ngày, tháng, năm sinh",)),
        FieldSpec("sex", SEX, ("Giới tính",)),
        FieldSpec("personal_id", PERSONAL_ID, ("Số định danh cá nhân",)),
        FieldSpec("date_of_death", DATE, ("Đã chết vào lúc", "Chết vào lúc"), fallback="in_words"),
        FieldSpec("place_of_death", TEXT, ("Nơi chết",)),
        FieldSpec("registration_number", CODE, ("Số",)),
        FieldSpec("registration_date", DATE, ("Ngày, tháng, năm đăng ký", "Ngày đăng ký"), fallback="place_date"),
        FieldSpec("issuing_authority", AUTHORITY, ("Nơi đăng ký khai tử",), fallback="header"),
    ),
    stop_labels=("Quyển số", "Dân tộc", "Quốc tịch", "Nguyên nhân chết", "Giấy tờ tùy thân", "Ghi bằng chữ"),
)
