from .base import ETHNICITY, NATIONALITY, AUTHORITY, CODE, DATE, NAME, PERSONAL_ID, SEX, TEXT, DocType, FieldSpec

MOTHER = ("Họ, chữ đệm, tên người mẹ", "Họ và tên mẹ", "Họ tên mẹ")
FATHER = ("Họ, chữ đệm, tên người cha", "Họ và tên cha", "Họ tên cha")
PARENTS = MOTHER + FATHER  # the child's rows come first: these open the parents' part

DOCTYPE = DocType(
    name="birth_certificate",
    titles=("GIẤY KHAI SINH", "TRÍCH LỤC KHAI SINH"),
    excludes=("TỜ KHAI",),
    fields=(
        FieldSpec("full_name", NAME, ("Họ, chữ đệm, tên", "Họ và tên", "Họ, chữ đệm và tên"), before=PARENTS),
        FieldSpec("date_of_birth", DATE, ("Ngày, tháng, năm sinh", "Sinh ngày"), before=PARENTS,
                  fallback="in_words"),
        FieldSpec("sex", SEX, ("Giới tính",), before=PARENTS),
        FieldSpec("ethnicity", ETHNICITY, ("Dân tộc",), before=PARENTS),
        FieldSpec("nationality", NATIONALITY, ("Quốc tịch",), before=PARENTS),
        FieldSpec("place_of_birth", TEXT, ("Nơi sinh",), before=PARENTS),
        # certificates before 2016 print no personal id
        FieldSpec("personal_id", PERSONAL_ID, ("Số định danh cá nhân",), required=False, before=PARENTS),
        FieldSpec("father_name", NAME, FATHER),
        FieldSpec("mother_name", NAME, MOTHER),
        # older certificates: parents side by side in a table headed MẸ | CHA
        FieldSpec("father_name", NAME, ("Họ và tên", "Họ, chữ đệm, tên", "Họ tên"), column="CHA"),
        FieldSpec("mother_name", NAME, ("Họ và tên", "Họ, chữ đệm, tên", "Họ tên"), column="MẸ"),
        FieldSpec("registration_number", CODE, ("Số",)),
        FieldSpec("book_number", CODE, ("Quyển số",), required=False),
        FieldSpec("registration_date", DATE, ("Ngày, tháng, năm đăng ký", "Ngày đăng ký"), fallback="place_date"),
        FieldSpec("issuing_authority", AUTHORITY, ("Nơi đăng ký khai sinh",), fallback="header"),
    ),
    stop_labels=("Quê quán", "Năm sinh", "Nơi cư trú", "Ghi bằng chữ", "Giấy tờ tùy thân",
                 "Họ, chữ đệm, tên người đi khai sinh"),
)
