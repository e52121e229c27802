"""A small hand-typed gazetteer of real pre-2025 units (province > district > commune).

Documents issued before 1/7/2025 keep three-level addresses (DOMAIN §9), and all sample
documents are dated before that, so only the old units are needed. Place codes are the
personal-id codes of DOMAIN §4; agency codes are the few confirmed level-1 codes of §3.
"""
from __future__ import annotations

# province: (type, personal-id place code, agency code or None, short name used in place-date lines,
#            {district "type name": [commune "type name", ...]}, streets)
PROVINCES: dict[str, tuple] = {
    "Hà Nội": ("thành phố", "001", None, "Hà Nội", {
        "quận Hai Bà Trưng": ["phường Cầu Dền", "phường Bạch Mai", "phường Thanh Nhàn",
                              "phường Lê Đại Hành", "phường Minh Khai", "phường Bách Khoa"],
        "quận Cầu Giấy": ["phường Trung Hòa", "phường Dịch Vọng", "phường Nghĩa Đô",
                          "phường Yên Hòa", "phường Quan Hoa", "phường Mai Dịch"],
        "quận Đống Đa": ["phường Láng Hạ", "phường Kim Liên", "phường Ô Chợ Dừa",
                         "phường Trung Liệt", "phường Văn Miếu"],
        "quận Ba Đình": ["phường Kim Mã", "phường Ngọc Hà", "phường Liễu Giai", "phường Cống Vị"],
        "huyện Gia Lâm": ["thị trấn Trâu Quỳ", "xã Bát Tràng", "xã Đa Tốn"],
        "huyện Đông Anh": ["thị trấn Đông Anh", "xã Uy Nỗ", "xã Vân Nội"],
    }, ["Trần Khát Chân", "Bạch Mai", "Trần Duy Hưng", "Nguyễn Chí Thanh", "Láng Hạ", "Kim Mã",
        "Xuân Thủy", "Hoàng Quốc Việt", "Minh Khai", "Đội Cấn", "Nguyễn Khánh Toàn"]),
    "Thanh Hóa": ("tỉnh", "038", "H56", "Thanh Hóa", {
        "thành phố Thanh Hóa": ["phường Điện Biên", "phường Lam Sơn", "phường Ba Đình",
                                "phường Đông Thọ", "phường Đông Vệ"],
        "huyện Hoằng Hóa": ["thị trấn Bút Sơn", "xã Hoằng Quỳ", "xã Hoằng Đạo"],
        "thị xã Bỉm Sơn": ["phường Ngọc Trạo", "phường Bắc Sơn"],
        "huyện Thọ Xuân": ["thị trấn Thọ Xuân", "xã Xuân Hòa"],
    }, ["Lê Lợi", "Trần Phú", "Quang Trung", "Bà Triệu", "Nguyễn Trãi", "Hạc Thành"]),
    "Lào Cai": ("tỉnh", "010", "H38", "Lào Cai", {
        "thành phố Lào Cai": ["phường Cốc Lếu", "phường Kim Tân", "phường Duyên Hải", "phường Bắc Cường"],
        "thị xã Sa Pa": ["phường Sa Pa", "phường Cầu Mây"],
        "huyện Bảo Thắng": ["thị trấn Phố Lu", "xã Gia Phú"],
    }, ["Hoàng Liên", "Nguyễn Huệ", "Trần Hưng Đạo", "Hồng Hà", "Điện Biên"]),
    "Thái Nguyên": ("tỉnh", "019", "H55", "Thái Nguyên", {
        "thành phố Thái Nguyên": ["phường Phan Đình Phùng", "phường Hoàng Văn Thụ",
                                  "phường Quang Trung", "phường Tân Thịnh"],
        "huyện Phú Bình": ["thị trấn Hương Sơn", "xã Kha Sơn"],
        "huyện Đại Từ": ["thị trấn Hùng Sơn"],
    }, ["Hoàng Văn Thụ", "Lương Ngọc Quyến", "Bến Oánh", "Phan Đình Phùng", "Quang Trung"]),
    "Nam Định": ("tỉnh", "036", None, "Nam Định", {
        "thành phố Nam Định": ["phường Trần Hưng Đạo", "phường Vị Xuyên", "phường Năng Tĩnh"],
        "huyện Hải Hậu": ["thị trấn Yên Định", "xã Hải Bắc"],
        "huyện Giao Thủy": ["thị trấn Ngô Đồng"],
    }, ["Trần Hưng Đạo", "Hàn Thuyên", "Máy Tơ", "Hùng Vương"]),
    "Hồ Chí Minh": ("thành phố", "079", None, "Thành phố Hồ Chí Minh", {
        "Quận 1": ["phường Bến Nghé", "phường Bến Thành", "phường Đa Kao", "phường Tân Định"],
        "quận Bình Thạnh": ["Phường 25", "Phường 22"],
        "thành phố Thủ Đức": ["phường Linh Trung", "phường Hiệp Phú", "phường Thảo Điền"],
    }, ["Lê Thánh Tôn", "Nguyễn Thị Minh Khai", "Điện Biên Phủ", "Võ Văn Ngân", "Xô Viết Nghệ Tĩnh"]),
    "Đà Nẵng": ("thành phố", "048", None, "Đà Nẵng", {
        "quận Hải Châu": ["phường Thạch Thang", "phường Hòa Cường Bắc", "phường Phước Ninh"],
        "quận Thanh Khê": ["phường Chính Gián", "phường Thạc Gián"],
        "quận Sơn Trà": ["phường An Hải Bắc", "phường Mân Thái"],
    }, ["Lê Duẩn", "Nguyễn Văn Linh", "Hùng Vương", "Ông Ích Khiêm", "Ngô Quyền"]),
    "Hải Phòng": ("thành phố", "031", None, "Hải Phòng", {
        "quận Lê Chân": ["phường An Biên", "phường Cát Dài"],
        "quận Ngô Quyền": ["phường Máy Tơ", "phường Lạch Tray"],
        "huyện Thủy Nguyên": ["thị trấn Núi Đèo"],
    }, ["Lạch Tray", "Tô Hiệu", "Trần Nguyên Hãn", "Lê Lợi"]),
    "Nghệ An": ("tỉnh", "040", None, "Nghệ An", {
        "thành phố Vinh": ["phường Hưng Bình", "phường Lê Mao", "phường Bến Thủy", "phường Trường Thi"],
        "huyện Nghi Lộc": ["thị trấn Quán Hành"],
    }, ["Lê Lợi", "Quang Trung", "Nguyễn Du", "Phan Đình Phùng"]),
    "Bắc Ninh": ("tỉnh", "027", None, "Bắc Ninh", {
        "thành phố Bắc Ninh": ["phường Suối Hoa", "phường Vũ Ninh", "phường Tiền An"],
        "thành phố Từ Sơn": ["phường Đông Ngàn", "phường Đình Bảng"],
    }, ["Ngô Gia Tự", "Lý Thái Tổ", "Nguyễn Đăng Đạo"]),
    "Cần Thơ": ("thành phố", "092", None, "Cần Thơ", {
        "quận Ninh Kiều": ["phường Tân An", "phường Xuân Khánh", "phường An Hòa", "phường Hưng Lợi"],
    }, ["Ba Tháng Hai", "Nguyễn Văn Cừ", "Trần Hưng Đạo", "Mậu Thân"]),
    "Thái Bình": ("tỉnh", "034", None, "Thái Bình", {
        "thành phố Thái Bình": ["phường Kỳ Bá", "phường Lê Hồng Phong"],
        "huyện Vũ Thư": ["thị trấn Vũ Thư"],
    }, ["Lý Bôn", "Trần Hưng Đạo", "Hai Bà Trưng"]),
    "Quảng Ninh": ("tỉnh", "022", None, "Quảng Ninh", {
        "thành phố Hạ Long": ["phường Bạch Đằng", "phường Hồng Gai", "phường Bãi Cháy"],
    }, ["Lê Thánh Tông", "Hạ Long", "Cái Dăm"]),
}

# Provinces whose one-stop-shop agency code is confirmed (DOMAIN §3): where dossiers are lodged.
AGENCY_PROVINCES = [p for p, v in PROVINCES.items() if v[2]]

ETHNICITIES = ["Kinh"] * 14 + ["Tày", "Mường", "Thái", "Nùng", "Dao", "H'Mông"]

VILLAGES = ["Thôn Đông", "Thôn Trung", "Thôn Thượng", "Xóm Mới", "Thôn 3", "Thôn 5", "Xóm Bắc",
            "Thôn Hạ", "Thôn Yên Khê"]
WARD_GROUPS = ["Tổ 7", "Tổ dân phố số 4", "Khu phố 2", "Tổ 12", "Tổ dân phố Hòa Bình"]

# Birth places; {p} is the province ("tỉnh Lào Cai"), {c} the commune ("phường Cốc Lếu").
HOSPITALS = ["Bệnh viện Đa khoa {p}", "Bệnh viện Sản Nhi {p}", "Trạm y tế {c}",
             "Bệnh viện Phụ sản {p}", "Trung tâm Y tế {d}"]
