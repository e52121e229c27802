from .base import ADDRESS, DATE, NAME, PERSONAL_ID, PHONE, TITLE, DocType, FieldSpec

DOCTYPE = DocType(
    name="application_form",
    titles=("TỜ KHAI",),
    priority=-1,  # a bare "TỜ KHAI" is the weakest title: any more specific one wins
    fields=(
        FieldSpec("form_title", TITLE, (), fallback="title"),
        FieldSpec("applicant_name", NAME, ("Họ, chữ đệm và tên khai sinh", "Họ, chữ đệm, tên người yêu cầu",
                                           "Họ, chữ đệm và tên", "Họ và tên")),
        FieldSpec("applicant_personal_id", PERSONAL_ID, ("Số định danh cá nhân", "Giấy tờ tùy thân")),
        FieldSpec("applicant_phone", PHONE, ("Số điện thoại liên hệ", "Số điện thoại", "Điện thoại"), required=False),
        FieldSpec("applicant_address", ADDRESS, ("Nơi cư trú", "Nơi ở hiện tại", "Địa chỉ"), required=False),
        FieldSpec("submission_date", DATE, (), fallback="place_date"),
    ),
    # the household head's rows of a CT01 ('11. Họ, chữ đệm và tên chủ hộ') are no applicant's
    stop_labels=("Email", "Ngày, tháng, năm sinh", "Giới tính", "Kính gửi", "Giấy tờ tùy thân",
                 "Họ, chữ đệm và tên chủ hộ", "Quan hệ với chủ hộ", "Số định danh cá nhân của chủ hộ"),
)
