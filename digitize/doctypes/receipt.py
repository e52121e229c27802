from .. import vntext
from .base import CODE, DATE, NAME, TEXT, DocType, FieldSpec


def machine_readable(page_codes: list[str], lines: list[str]) -> dict[str, str]:
    """The dossier code printed as a QR code or a barcode beside 'Mã hồ sơ'."""
    for text in page_codes:
        if vntext.is_dossier_code(text.strip()):
            return {"dossier_code": text.strip()}
    return {}


DOCTYPE = DocType(
    name="receipt",
    titles=("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "PHIẾU BIÊN NHẬN HỒ SƠ"),
    priority=1,
    machine_readable=machine_readable,
    fields=(
        FieldSpec("dossier_code", CODE, ("Mã hồ sơ",)),
        FieldSpec("procedure_name", TEXT, ("Nội dung yêu cầu giải quyết", "Thủ tục hành chính cần giải quyết",
                                           "Thủ tục hành chính")),
        FieldSpec("applicant_name", NAME, ("Tiếp nhận hồ sơ của ông/bà", "Tiếp nhận hồ sơ của", "Ông/bà",
                                           "Ông (bà)", "Họ và tên người nộp")),
        FieldSpec("received_date", DATE, ("Thời gian nhận hồ sơ",)),
        FieldSpec("appointment_date", DATE, ("Thời gian trả kết quả giải quyết hồ sơ", "Thời gian trả kết quả")),
    ),
    stop_labels=("Địa chỉ", "Số điện thoại", "Email", "Số định danh cá nhân", "Số lượng hồ sơ",
                 "Thành phần hồ sơ", "Thời gian giải quyết", "Nơi trả kết quả", "Đăng ký nhận kết quả"),
)
