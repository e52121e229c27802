"""Closed vocabularies printed on the papers: a value read from one is snapped to its official
spelling when it differs only in marks or punctuation OCR lost ('HMông' -> 'H'Mông'), and
flagged when it matches nothing; one letter off an entry, with its tone marks, it is that
entry misread, put right and flagged."""
from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz.distance import Levenshtein

from . import vntext

# The 54 ethnic groups of Viet Nam (General Statistics Office list), as commonly printed.
ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông",
    "Thổ", "Xtiêng", "Stiêng", "Khơ Mú", "Bru Vân Kiều", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi",
    "Mạ", "Giẻ Triêng", "Giẻ - Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào",
    "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô", "Mảng",
    "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)
NATIONALITIES = ("Việt Nam",)  # others are printed too; only this one is snapped
# A household member's relationship to its head, as residence papers print it.
RELATIONSHIPS = (
    "Chủ hộ", "Vợ", "Chồng", "Con", "Con đẻ", "Con nuôi", "Con dâu", "Con rể", "Cha", "Mẹ", "Bố",
    "Cha đẻ", "Mẹ đẻ", "Bố đẻ", "Cha nuôi", "Mẹ nuôi", "Bố chồng", "Mẹ chồng", "Bố vợ", "Mẹ vợ",
    "Ông", "Bà", "Ông nội", "Bà nội", "Ông ngoại", "Bà ngoại", "Anh", "Chị", "Em", "Anh trai",
    "Chị gái", "Em trai", "Em gái", "Anh ruột", "Chị ruột", "Em ruột", "Cháu", "Cháu nội",
    "Cháu ngoại", "Chắt", "Cô", "Dì", "Chú", "Bác", "Cậu", "Mợ", "Thím", "Dượng", "Anh rể",
    "Chị dâu", "Em rể", "Em dâu", "Người giám hộ", "Người ở nhờ", "Người ở thuê", "Người giúp việc",
    "Khác",
)

# Titles of the declaration forms (tờ khai) of the civil-status, residence and identity
# procedures, as the official forms print them: a title read with a mark lost or changed
# ('THAY ĐỐI' for 'THAY ĐỔI') is put right by its folded spelling, which names one title only.
FORM_TITLES = (
    "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", "TỜ KHAI ĐĂNG KÝ KHAI SINH", "TỜ KHAI ĐĂNG KÝ KHAI TỬ",
    "TỜ KHAI ĐĂNG KÝ KẾT HÔN", "TỜ KHAI ĐĂNG KÝ LẠI KHAI SINH", "TỜ KHAI ĐĂNG KÝ LẠI KHAI TỬ",
    "TỜ KHAI ĐĂNG KÝ LẠI KẾT HÔN", "TỜ KHAI ĐĂNG KÝ NHẬN CHA, MẸ, CON", "TỜ KHAI ĐĂNG KÝ GIÁM HỘ",
    "TỜ KHAI CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH", "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    "TỜ KHAI ĐĂNG KÝ THAY ĐỔI, CẢI CHÍNH, BỔ SUNG THÔNG TIN HỘ TỊCH", "TỜ KHAI CĂN CƯỚC",
    "TỜ KHAI CĂN CƯỚC CÔNG DÂN", "TỜ KHAI ĐỀ NGHỊ CẤP ĐỔI, CẤP LẠI THẺ CĂN CƯỚC CÔNG DÂN",
)

# Phrases of the procedures and papers themselves. A word of one read with another mark is
# mostly another real syllable ('Cấp đối thẻ Căn cước', 'quyên sử dụng đất'), which no spelling
# check catches; the phrase it belongs to does. Only phrases of two words or more: one word
# alone has too many real neighbours.
PHRASES = (
    "cấp đổi", "cấp lại", "cấp mới", "đăng ký", "quyền sử dụng đất", "quyền sở hữu",
    "tài sản gắn liền với đất", "biến động", "thường trú", "tạm trú", "căn cước", "khai sinh",
    "khai tử", "kết hôn", "hộ tịch", "xác nhận", "tình trạng hôn nhân", "thông tin", "cư trú",
    "chứng thực", "bản sao", "trích lục", "giám hộ", "thay đổi", "cải chính", "bổ sung",
    "tách thửa", "hợp thửa", "chuyển nhượng", "thừa kế", "tặng cho", "chuyển mục đích",
    "định danh", "giấy chứng nhận", "hộ khẩu", "hôn nhân", "thông tin về cư trú",
    # whole procedures: long enough to be known with one letter misread ('Đăng ký kết hân')
    "đăng ký kết hôn", "đăng ký khai sinh", "đăng ký khai tử", "đăng ký thường trú", "đăng ký tạm trú",
    # the issuing bodies' own names, before their unit ('Uy bạn nhan dan huyện An Dương')
    "ủy ban nhân dân", "công an", "sở tài nguyên và môi trường", "văn phòng đăng ký đất đai",
    # where a child is born, where a person dies ('Bệnh viện Sản Nhỉ An Giang')
    "bệnh viện", "nhân dân", "sản nhi", "phụ sản", "đa khoa", "nhi đồng", "trạm y tế", "trung tâm y tế", "nhà hộ sinh",
    # the land's uses, as the certificates print them ('Đất ở tại đồ thị')
    "đất ở tại đô thị", "đất ở tại nông thôn", "đất trồng lúa", "đất trồng cây lâu năm",
    "đất trồng cây hằng năm", "đất nuôi trồng thủy sản", "đất rừng sản xuất", "đất làm muối",
)

_BY_KEY = {name: {} for name in ("ethnicity", "nationality", "relationship", "form_title")}
for _vocab, _names in (("ethnicity", ETHNIC_GROUPS), ("nationality", NATIONALITIES),
                       ("relationship", RELATIONSHIPS), ("form_title", FORM_TITLES)):
    for _n in _names:
        _BY_KEY[_vocab].setdefault(vntext.fold_tight(_n), _n)


def snap(vocab: str, value: str | None) -> str | None:
    """The official spelling of `value` in the vocabulary, or None when it is not one of it."""
    if not value:
        return None
    return _BY_KEY[vocab].get(vntext.fold_tight(value))


def snap_near(vocab: str, value: str | None) -> str | None:
    """The one entry of the vocabulary the value is with one letter other and every tone mark
    the same ('Vự' is 'Vợ', 'Chủ hệ' is 'Chủ hộ': OCR takes ơ for ư, ô for ê, and keeps the
    tone), or None where none or several are."""
    if not value or snap(vocab, value):
        return None
    folded, tones = vntext.fold_tight(value), vntext.tones(value)
    near = {n for key, n in _BY_KEY[vocab].items()
            if len(key) == len(folded) and sum(a != b for a, b in zip(key, folded)) == 1 and vntext.tones(n) == tones}
    return near.pop() if len(near) == 1 else None


LETTERS_OFF = 2  # letters added, lost or misread in a long entry that still name it
# Folded letters an entry needs for that: shorter ones lie too near each other. Form titles differ
# by a word or more ('LẠI', 'CÔNG DÂN'); nationalities are few and far apart ('Việt Nam', 'Lào').
CLOSE_LEAST = {"form_title": 20, "nationality": 6}


def snap_close(vocab: str, value: str | None) -> str | None:
    """The one entry of the vocabulary the value is within two letters of, folded ('TỜ KHAI THAY
    ĐỐI THÔNG TTN CƯ TRÚ', 'Việ Nam', 'Việt Narn'), no other as near; or the value as it is."""
    folded = vntext.fold_tight(value or "")
    if not value or snap(vocab, value) or len(folded) < CLOSE_LEAST[vocab]:
        return value
    near = sorted((Levenshtein.distance(folded, key), name) for key, name in _BY_KEY[vocab].items()
                  if len(key) >= CLOSE_LEAST[vocab])
    if near and near[0][0] <= LETTERS_OFF and (len(near) == 1 or near[1][0] > near[0][0]):
        return near[0][1]
    return value


def repair_close(vocab: str) -> Callable[[str | None], str | None]:
    """A repair (extract.REPAIRS) that puts a value two letters off a long entry right."""
    return lambda value: snap_close(vocab, value)


def repair_near(vocab: str) -> Callable[[str | None], str | None]:
    """A repair (extract.REPAIRS) that puts a value one letter off the vocabulary right."""
    return lambda value: snap_near(vocab, value) or value


def snap_start(vocab: str, value: str | None, max_words: int = 4, skip: int = 2) -> str | None:
    """The official spelling of the vocabulary entry the value opens with, after at most `skip`
    words of caption ('Nationality. Việt Nam', 'Việt Nam. - ñ': a misread caption before the
    value, OCR junk after it), or None. Whole words only, exact up to marks and case."""
    words = (value or "").split()
    for start in range(min(skip, len(words) - 1) + 1):
        for n in range(min(max_words, len(words) - start), 0, -1):
            span = " ".join(words[start:start + n]).strip(".,;:")
            found = snap(vocab, span)
            # words after it: the entry must be read with its own marks, or it is a word of a
            # longer one misread ('Chủ hệ' is 'Chủ hộ' misread, not 'Chú' and junk)
            if found and (start + n == len(words) or vntext.same_text(span, found)):
                return found
    return None


_PHRASE_WORDS = [(p.split(), vntext.fold_tight(p)) for p in PHRASES]
_EDGE = ".,;:()\"'"


PHRASE_LETTER_OFF = 10  # folded letters from which a phrase read with one letter wrong is still it


def _is_phrase(folded: str, key: str) -> bool:
    """The words are the phrase: the same letters, or one letter other in a long phrase
    ('quyền sử hữu': a horn read on the wrong vowel)."""
    return folded == key or len(key) >= PHRASE_LETTER_OFF and len(folded) == len(key) and \
        sum(a != b for a, b in zip(folded, key)) == 1


def repair_phrases(value: str | None) -> str | None:
    """The value with each phrase of PHRASES that it holds with other marks put back in its
    spelling; case and the punctuation around words are kept."""
    if not value:
        return value
    words = value.split()
    for phrase, key in _PHRASE_WORDS:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            bare = [w.strip(_EDGE) for w in words[i:i + n]]
            if not _is_phrase(vntext.fold_tight(" ".join(bare)), key) or \
                    all(vntext.same_text(a, b) for a, b in zip(bare, phrase)):
                continue
            for j, (w, b, right) in enumerate(zip(words[i:i + n], bare, phrase)):
                if not b or vntext.same_text(b, right):
                    continue
                fixed = right[0].upper() + right[1:] if b[0].isupper() else right
                if b.isupper():
                    fixed = right.upper()
                words[i + j] = w.replace(b, fixed, 1)
    return " ".join(words)


# Streets named in most towns of the country: its heroes, its battles and its dates. A street's
# name read with other marks is mostly other real syllables ('Trường Chỉnh', 'Nguyên Tất Thành',
# 'Xô Việt Nghệ Tính'), which no spelling check catches; the name it belongs to does. Names of
# two words or more, matched whole at the end of a part of the address.
STREETS = (
    "Lê Lợi", "Lê Lai", "Trần Hưng Đạo", "Quang Trung", "Nguyễn Huệ", "Lý Thường Kiệt", "Hai Bà Trưng",
    "Lê Duẩn", "Nguyễn Trãi", "Trường Chinh", "Điện Biên Phủ", "Hùng Vương", "Phan Đình Phùng",
    "Nguyễn Văn Cừ", "Võ Văn Kiệt", "Tôn Đức Thắng", "Nguyễn Thị Minh Khai", "Hoàng Hoa Thám",
    "Phan Chu Trinh", "Phan Bội Châu", "Lê Thánh Tông", "Ngô Quyền", "Đinh Tiên Hoàng", "Bạch Đằng",
    "Xô Viết Nghệ Tĩnh", "Cách Mạng Tháng Tám", "Nguyễn Tất Thành", "Lê Đức Thọ", "Nguyễn Chí Thanh",
    "Phạm Văn Đồng", "Giải Phóng", "Láng Hạ", "Nguyễn Du", "Nguyễn Đình Chiểu", "Nguyễn Văn Linh",
    "Nguyễn Hữu Thọ", "Lê Văn Sỹ", "Lê Hồng Phong", "Trần Phú", "Hoàng Văn Thụ", "Hoàng Diệu",
    "Lý Tự Trọng", "Lý Thái Tổ", "Lý Nam Đế", "Trần Quang Khải", "Trần Nhân Tông", "Trần Khánh Dư",
    "Trần Quốc Toản", "Trần Bình Trọng", "Trần Cao Vân", "Trần Quý Cáp", "Nguyễn Thái Học",
    "Nguyễn Công Trứ", "Nguyễn Bỉnh Khiêm", "Nguyễn Khuyến", "Nguyễn Văn Trỗi", "Nguyễn Thị Định",
    "Nguyễn Lương Bằng", "Nguyễn An Ninh", "Nguyễn Trung Trực", "Nguyễn Tri Phương", "Nguyễn Xí",
    "Ngô Gia Tự", "Ngô Sĩ Liên", "Ngô Thì Nhậm", "Phan Đăng Lưu", "Phan Xích Long", "Phan Văn Trị",
    "Phạm Ngũ Lão", "Phạm Hùng", "Phạm Văn Thuận", "Phạm Ngọc Thạch", "Phạm Thế Hiển", "Lê Văn Lương",
    "Lê Trọng Tấn", "Lê Quang Định", "Lê Văn Việt", "Lê Hoàn", "Lê Đại Hành", "Lê Quý Đôn",
    "Võ Thị Sáu", "Võ Nguyên Giáp", "Võ Văn Tần", "Hoàng Quốc Việt", "Hoàng Văn Thái", "Tô Hiến Thành",
    "Tôn Thất Thuyết", "Tôn Thất Tùng", "Huỳnh Thúc Kháng", "Huỳnh Tấn Phát", "Kim Mã", "Xuân Thủy",
    "Tây Sơn", "Thái Hà", "Chùa Bộc", "Đội Cấn", "Bà Triệu", "Triệu Việt Vương", "Đại Cồ Việt",
    "Minh Khai", "Tam Trinh", "Ba Tháng Hai", "Độc Lập", "Thống Nhất", "Cộng Hòa", "Nam Kỳ Khởi Nghĩa",
    "Nơ Trang Long", "Đinh Bộ Lĩnh", "Chu Văn An", "Cao Thắng", "Cao Bá Quát", "Mạc Đĩnh Chi",
    "Hồ Tùng Mậu", "Hồ Xuân Hương", "Bùi Thị Xuân", "Đào Duy Từ", "Đào Duy Anh", "Tạ Quang Bửu",
    "Trần Duy Hưng", "Trần Đăng Ninh", "Trần Thái Tông", "Trần Xuân Soạn", "Mai Hắc Đế",
    "Lạc Long Quân", "An Dương Vương", "Lý Chính Thắng", "Cô Giang", "Cô Bắc", "Đề Thám",
    "Trương Định", "Trương Công Định", "Lò Đúc", "Thủ Khoa Huân", "Trường Thi", "Nguyễn Sơn",
    "Nguyễn Văn Huyên", "Hoàng Minh Giám", "Nguyễn Phong Sắc", "Văn Cao", "Tố Hữu", "Lê Văn Hưu",
    "Nguyễn Thái Bình", "Nguyễn Cư Trinh", "Phó Đức Chính", "Lê Thị Riêng", "Nguyễn Oanh",
    "Mậu Thân", "Hàn Thuyên", "Hàm Nghi", "Duy Tân", "Đồng Khởi", "Yết Kiêu", "Trưng Trắc", "Trưng Nhị",
    "Bà Huyện Thanh Quan", "Kha Vạn Cân", "Võ Văn Ngân", "Nguyễn Khánh Toàn", "Phan Huy Chú",
    "Nguyễn Trường Tộ", "Lê Thánh Tôn", "Trần Khát Chân", "Nguyễn Hoàng", "Dân Chủ", "Tự Do", "Hà Hoàng Hổ",
    "Trần Nguyên Hãn", "Trần Quốc Tuấn", "Trần Đại Nghĩa", "Trần Thủ Độ", "Trần Nhật Duật",
    "Trần Văn Ơn", "Trần Hữu Trang", "Trần Văn Giàu", "Trần Khắc Chân", "Trần Cung", "Trần Tử Bình",
    "Lê Văn Thịnh", "Lê Văn Hiến", "Lê Chân", "Lê Ngọc Hân", "Lê Quang Đạo", "Lê Hữu Trác",
    "Lê Văn Thiêm", "Lê Văn Khương", "Lê Văn Quới", "Lê Trực", "Lê Thị Hồng Gấm", "Lê Đình Lý",
    "Nguyễn Gia Thiều", "Nguyễn Đình Thi", "Nguyễn Thượng Hiền", "Nguyễn Xiển", "Nguyễn Trọng Tuyển",
    "Nguyễn Văn Đậu", "Nguyễn Kiệm", "Nguyễn Thiện Thuật", "Nguyễn Đức Cảnh", "Nguyễn Hữu Cảnh",
    "Nguyễn Duy Trinh", "Nguyễn Thị Thập", "Nguyễn Ảnh Thủ", "Nguyễn Viết Xuân", "Nguyễn Văn Luông",
    "Nguyễn Văn Quá", "Nguyễn Hữu Huân", "Nguyễn Quý Đức", "Nguyễn Tuân", "Nguyễn Sinh Sắc",
    "Phạm Hồng Thái", "Phạm Văn Bạch", "Phạm Văn Chiêu", "Phạm Phú Thứ", "Phạm Sư Mạnh",
    "Phạm Tuấn Tài", "Phan Huy Ích", "Phan Kế Bính", "Phan Văn Hớn", "Phan Đình Giót", "Phan Thanh",
    "Hoàng Đạo Thúy", "Hoàng Ngân", "Hoàng Sa", "Trường Sa", "Đặng Tiến Đông", "Đặng Văn Ngữ",
    "Đặng Dung", "Đặng Thai Mai", "Đặng Văn Bi", "Đoàn Thị Điểm", "Đoàn Văn Bơ", "Đào Tấn",
    "Đinh Công Tráng", "Đinh Lễ", "Đinh Núp", "Đỗ Xuân Hợp", "Đỗ Đức Dục", "Đội Cung",
    "Huỳnh Văn Bánh", "Huỳnh Tịnh Của", "Lương Thế Vinh", "Lương Văn Can", "Lương Định Của",
    "Lý Chiêu Hoàng", "Lý Văn Phức", "Mạc Thị Bưởi", "Nam Cao", "Ngô Đức Kế", "Ngô Tất Tố",
    "Ngô Văn Sở", "Ngô Mây", "Ông Ích Khiêm", "Phùng Hưng", "Phùng Khắc Khoan", "Tô Ngọc Vân",
    "Tô Vĩnh Diện", "Tôn Thất Thiệp", "Trịnh Công Sơn", "Trịnh Hoài Đức", "Trương Hán Siêu",
    "Trương Vĩnh Ký", "Tú Xương", "Văn Tiến Dũng", "Vạn Kiếp", "Võ Chí Công", "Võ Trường Toản",
    "Vũ Trọng Phụng", "Vũ Tông Phan", "Vũ Ngọc Phan", "Xuân Diệu", "Xuân La", "Hồ Học Lãm",
    "Hồ Văn Huê", "Âu Cơ", "Cù Chính Lan", "Bế Văn Đàn", "La Văn Cầu", "Kim Ngưu", "Lĩnh Nam",
    "Thụy Khuê", "Bến Vân Đồn", "Lũy Bán Bích", "Thoại Ngọc Hầu", "Kinh Dương Vương", "Hồng Bàng",
    "Nguyễn Trung Ngạn", "Nguyễn Biểu", "Nguyễn Cảnh Chân", "Nguyễn Phi Khanh", "Tăng Bạt Hổ",
    "Alexandre de Rhodes", "Hoàng Cầu", "Ngọc Khánh", "Giảng Võ", "Đê La Thành", "Trần Bạch Đằng",
    "Lạc Trung", "Minh Phụng", "Hậu Giang", "Bùi Viện", "Cống Quỳnh", "Nguyễn Thái Sơn",
    "Dương Quảng Hàm", "Nguyễn Văn Nghi", "Bùi Hữu Nghĩa", "Ung Văn Khiêm",
)
_STREET_SPELLINGS: dict[str, set[str]] = {}
for _n in STREETS:
    _STREET_SPELLINGS.setdefault(vntext.fold_tight(_n), set()).add(_n)
STREET_WORDS_MAX = max(len(n.split()) for n in STREETS)


def is_street(words: list[str]) -> bool:
    """Whether the words spell one of STREETS, marks aside."""
    return vntext.fold_tight(" ".join(words)) in _STREET_SPELLINGS


def repair_streets(value: str | None) -> str | None:
    """The address with a common street's name that closes one of its parts put back in its
    spelling where it was read with other marks ('266 Trường Chỉnh' -> '266 Trường Chinh'), in
    the part's case."""
    if not value:
        return value
    parts = re.split(r"([,;])", value)
    for i, part in enumerate(parts):
        words = part.split()
        for n in range(min(STREET_WORDS_MAX, len(words)), 1, -1):
            tail = [w.strip(_EDGE) for w in words[-n:]]
            names = _STREET_SPELLINGS.get(vntext.fold_tight(" ".join(tail)), set())
            if len(names) != 1:
                continue
            right = next(iter(names)).split()
            if any(not w for w in tail) or all(vntext.same_text(a, b) for a, b in zip(tail, right)):
                break
            fixed = [r.upper() if t.isupper() and len(t) > 1 else r for t, r in zip(tail, right)]
            words[-n:] = [w.replace(t, f, 1) for w, t, f in zip(words[-n:], tail, fixed)]
            parts[i] = part[: len(part) - len(part.lstrip())] + " ".join(words)
            break
    return "".join(parts)
