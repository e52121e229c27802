"""Closed vocabularies printed on the papers: a value read from one is snapped to its official
spelling when it differs only in marks or punctuation OCR lost ('HMông' -> 'H'Mông'), and
flagged when it matches nothing."""
from __future__ import annotations

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

_BY_KEY = {name: {} for name in ("ethnicity", "nationality", "relationship")}
for _vocab, _names in (("ethnicity", ETHNIC_GROUPS), ("nationality", NATIONALITIES),
                       ("relationship", RELATIONSHIPS)):
    for _n in _names:
        _BY_KEY[_vocab].setdefault(vntext.fold_tight(_n), _n)


def snap(vocab: str, value: str | None) -> str | None:
    """The official spelling of `value` in the vocabulary, or None when it is not one of it."""
    if not value:
        return None
    return _BY_KEY[vocab].get(vntext.fold_tight(value))
