from .base import ADDRESS, AREA, AUTHORITY, CODE, DATE, NAME, NUMBER, PERSONAL_ID, TEXT, DocType, FieldSpec

# A second holder, the first's spouse, follows in the same paragraph ('Và vợ: Bà: ...'), with
# the same labels: the holder's own come before it.
SPOUSE = ("Và vợ: Bà", "Và chồng: Ông")

DOCTYPE = DocType(
    name="land_use_certificate",
    # the title is long and wraps; its second line alone still names the paper when OCR
    # loses the first, and so does its end where a shadow took its start (the 2009-2024 form's
    # and the 2024 form's, in full)
    titles=("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU",
            "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
            "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT"),
    fields=(
        FieldSpec("holder_name", NAME, ("Ông", "Bà", "Hộ ông", "Hộ bà"), before=SPOUSE),
        FieldSpec("holder_personal_id", PERSONAL_ID, ("CCCD số", "CMND số", "Số định danh cá nhân",
                                                      "Căn cước công dân số", "Chứng minh nhân dân số",
                                                      "Căn cước số"), before=SPOUSE),
        FieldSpec("parcel_number", NUMBER, ("Thửa đất số",)),
        FieldSpec("map_sheet_number", NUMBER, ("Tờ bản đồ số",)),
        FieldSpec("land_address", ADDRESS, ("Địa chỉ", "Địa chỉ thửa đất")),
        FieldSpec("area_m2", AREA, ("Diện tích",)),
        FieldSpec("land_use_purpose", TEXT, ("Mục đích sử dụng", "Loại đất")),
        FieldSpec("certificate_serial", CODE, (), fallback="serial"),
        FieldSpec("issue_date", DATE, (), fallback="place_date"),
        FieldSpec("issuing_authority", AUTHORITY, (), fallback="signature", unit_from="land_address"),
    ),
    cues=("Sơ đồ thửa đất", "Những thay đổi sau khi cấp giấy chứng nhận", "Nội dung thay đổi và cơ sở pháp lý",
          "Số vào sổ cấp giấy chứng nhận", "Số vào sổ cấp GCN", "Bảng kê tọa độ", "Thửa đất, nhà ở và tài sản khác",
          "Người sử dụng đất, chủ sở hữu nhà ở"),
    stop_labels=("Năm sinh", "Sinh năm", "Hình thức sử dụng", "Thời hạn sử dụng", "Nguồn gốc sử dụng",
                 "Địa chỉ thường trú"),
)
