from .base import ADDRESS, RELATIONSHIP, AUTHORITY, DATE, NAME, PERSONAL_ID, SEX, DocType, FieldSpec

DOCTYPE = DocType(
    name="residence_confirmation",
    titles=("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", "GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ"),
    fields=(
        FieldSpec("full_name", NAME, ("Họ, chữ đệm và tên khai sinh", "Họ, chữ đệm và tên", "Họ và tên"),
                  fallback="member_row"),
        FieldSpec("date_of_birth", DATE, ("Ngày, tháng, năm sinh", "Ngày sinh"), fallback="member_row"),
        FieldSpec("sex", SEX, ("Giới tính",), fallback="member_row"),
        FieldSpec("personal_id", PERSONAL_ID, ("Số định danh cá nhân",), fallback="member_row"),
        FieldSpec("place_of_residence", ADDRESS, ("Nơi thường trú", "Nơi cư trú", "Nơi ở hiện tại")),
        FieldSpec("household_head_name", NAME, ("Họ, chữ đệm và tên chủ hộ", "Họ và tên chủ hộ", "Họ tên chủ hộ"),
                  fallback="member_row"),
        FieldSpec("relationship_to_head", RELATIONSHIP, ("Quan hệ với chủ hộ", "Mối quan hệ với chủ hộ"),
                  fallback="member_row"),
        FieldSpec("issue_date", DATE, ("Ngày cấp",), fallback="place_date"),
        FieldSpec("issuing_authority", AUTHORITY, (), fallback="header"),
    ),
    stop_labels=("Dân tộc", "Tôn giáo", "Quốc tịch", "Quê quán", "Nơi tạm trú",
                 "Số định danh cá nhân của chủ hộ"),
)
