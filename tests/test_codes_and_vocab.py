"""Machine-readable zones, administrative units and closed vocabularies."""
from __future__ import annotations

import cv2
import numpy as np
import qrcode

from digitize import codes, vocab
from digitize.adminunits import check_place


def test_icao_check_digits():
    # ICAO 9303 worked example: document number L898902C3 has check digit 6
    assert codes.check_digit("L898902C3") == 6
    assert codes.check_digit("740812") == 2


def test_mrz_values_are_taken_only_when_their_check_digits_hold():
    pid = "092155542767"
    l1 = "IDVNM" + pid[3:] + str(codes.check_digit(pid[3:])) + pid + "<<" + str(codes.check_digit(pid))
    birth, expiry = "550520", "991231"
    l2 = birth + str(codes.check_digit(birth)) + "F" + expiry + str(codes.check_digit(expiry)) + "VNM" + "<" * 11 + "4"
    l3 = "LY<<THU<XUAN".ljust(30, "<")
    got = codes.cccd_mrz(codes.mrz_lines(["noise", "TDVNM" + l1[5:], l2, l3]))  # 'I' read as 'T'
    assert got == {"personal_id": pid, "date_of_birth": "1955-05-20", "sex": "Nữ", "expiry_date": "indefinite"}
    broken = l1[:20] + ("1" if l1[20] != "1" else "2") + l1[21:]
    assert "personal_id" not in codes.cccd_mrz([broken, l2, l3])


def test_without_the_id_the_mrz_birth_century_comes_from_the_expiry_milestone():
    def line2(birth: str, sex: str, expiry: str) -> str:
        return birth + str(codes.check_digit(birth)) + sex + expiry + str(codes.check_digit(expiry)) + "VNM" + "<" * 11 + "2"

    misread = "TDVNM6961589561636696158950<<5"  # the id's check fails: no century from it
    got = codes.cccd_mrz([misread, line2("960619", "M", "360619"), "NGUYEN<<HOANG<CHAU".ljust(30, "<")])
    assert got == {"date_of_birth": "1996-06-19", "sex": "Nam", "expiry_date": "2036-06-19"}  # 40th birthday
    got = codes.cccd_mrz([misread, line2("090301", "F", "340301"), ""])
    assert got["date_of_birth"] == "2009-03-01"  # 25th birthday
    got = codes.cccd_mrz([misread, line2("960619", "M", "360620"), ""])
    assert "date_of_birth" not in got and got["sex"] == "Nam"  # no milestone: the century is unknown
    bad = line2("960619", "M", "360619")
    bad = bad[:6] + str((int(bad[6]) + 1) % 10) + bad[7:]
    assert set(codes.cccd_mrz([misread, bad, ""])) == {"expiry_date"}  # the birth's check fails: nor its sex


def test_chip_card_qr_payload():
    text = "034085449526|167796493|NGUYỄN TRỌNG VƯỢNG|22101985|Nam|Số 30, ngõ 291 phố Hoàng Văn Thụ|10092022"
    assert codes.cccd_qr(text) == {"personal_id": "034085449526", "full_name": "NGUYỄN TRỌNG VƯỢNG",
                                   "date_of_birth": "1985-10-22", "sex": "Nam",
                                   "place_of_residence": "Số 30, ngõ 291 phố Hoàng Văn Thụ"}
    assert codes.cccd_qr("not a card") == {}


def test_qr_codes_are_read_from_a_page():
    img = qrcode.make("000.00.18.H56-241115-0001", box_size=12).convert("L")
    page = np.full((1754, 1240), 255, np.uint8)
    qr = np.asarray(img)
    page[100:100 + qr.shape[0], 100:100 + qr.shape[1]] = qr
    assert codes.read_codes(page) == ["000.00.18.H56-241115-0001"]


def test_a_qr_code_printed_in_dots_is_read_at_full_size():
    # a faded card copied in black and white: each module a few dots that halving greys out
    img = qrcode.make("079156826561|024151962|MAI QUỲNH HƯƠNG|27041956|Nữ|45 Phạm Thế Hiển", box_size=6)
    qr = np.asarray(img.convert("L")).copy()
    dots = np.zeros_like(qr, dtype=bool)
    dots[::3, ::3] = True  # one pixel in nine of each module's ink kept
    qr[(qr == 0) & ~dots] = 255
    page = np.full((1754, 1240), 255, np.uint8)
    page[100:100 + qr.shape[0], 100:100 + qr.shape[1]] = qr
    assert codes.read_codes(page) == []
    assert codes.read_codes(page, full_size=True)[0].startswith("079156826561|")


def test_a_card_qr_code_whose_dark_modules_spread_is_read_thinned():
    # a chip card's small code, printed and copied: each dark module grown by a pixel all round
    img = qrcode.make("079156826561|024151962|MAI QUỲNH HƯƠNG|27041956|Nữ|45 Phạm Thế Hiển", box_size=3)
    qr = cv2.erode(np.asarray(img.convert("L")).copy(), np.ones((3, 3), np.uint8))
    page = np.full((1754, 1240), 255, np.uint8)
    page[100:100 + qr.shape[0], 100:100 + qr.shape[1]] = qr
    assert codes.read_codes(page, full_size=True) == []  # as it is, the decoder finds no grid
    assert codes.read_codes(page) == []  # nor does a page without a card look harder
    assert codes.read_codes(page, card=True)[0].startswith("079156826561|")


def test_place_names_misread_in_their_marks_are_caught():
    assert check_place("Công an phường Ba Đĩnh") == ["admin_unit_misspelled"]
    assert check_place("Quán Hành, Nghỉ Lộc, Nghệ An") == ["admin_unit_misspelled"]
    assert check_place("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TĨNH THANH HOA") == ["admin_unit_misspelled"]
    # both the old and the new units, and old tone placement, are right
    assert check_place("Thôn Trung, xã Xuân Hoà, huyện Thọ Xuân, tỉnh Thanh Hóa") == []
    assert check_place("Số 44 phố Nguyễn Trãi, phường Ba Đình, thành phố Thanh Hóa") == []
    # a unit a merger retired is not an error
    assert check_place("Ủy ban nhân dân phường Cầu Dền") == []


def test_ethnic_groups_snap_to_their_spelling():
    assert vocab.snap("ethnicity", "HMông") == "H'Mông"
    assert vocab.snap("ethnicity", "H Mông") == "H'Mông"
    assert vocab.snap("ethnicity", "Thai") == "Thái"
    assert vocab.snap("ethnicity", "Martian") is None


def test_a_unit_name_without_doubt_is_repaired():
    from digitize.adminunits import repair

    assert repair("Sở tài nguyên và môi trường tĩnh lao cai") == "Sở tài nguyên và môi trường tỉnh Lào Cai"
    # names several units share without marks are left alone, to be flagged
    assert repair("Công an xã Gia Phủ") == "Công an xã Gia Phủ"
    assert repair("Thôn Đông, phường Hoàng Văn Thụ") == "Thôn Đông, phường Hoàng Văn Thụ"


def test_a_common_streets_name_read_with_other_marks_is_put_back():
    from digitize.vocab import repair_streets
    assert repair_streets("266 Trường Chỉnh, Phương Mai, Đống Đa, Hà Nội") == "266 Trường Chinh, Phương Mai, Đống Đa, Hà Nội"
    assert repair_streets("Số 47 ngõ 380 phố Nguyên Tất Thành, P. Mai Dịch") == "Số 47 ngõ 380 phố Nguyễn Tất Thành, P. Mai Dịch"
    assert repair_streets("Số 24, Ngõ 238, Đường Mậu Thần, Phường Hưng Lợi") == "Số 24, Ngõ 238, Đường Mậu Thân, Phường Hưng Lợi"
    assert repair_streets("SỐ 50, ĐƯỜNG ĐỊNH TIÊN HOÀNG.") == "SỐ 50, ĐƯỜNG ĐINH TIÊN HOÀNG."
    assert repair_streets("216 Trân Nguyên Hãn, An Dương, Hải Phòng") == "216 Trần Nguyên Hãn, An Dương, Hải Phòng"
    assert repair_streets("Số 4, phố Dần Chủ, phường Thành Công") == "Số 4, phố Dân Chủ, phường Thành Công"
    # a name spelt right, or a street we do not list, is left as it is
    for address in ("Số 5 phố Trường Chinh, Hà Nội", "Số 5 đường Trần Văn Ơn, Hà Nội", "Số 5 phố Đặng Trần Côn, Hà Nội", "Phường Quang Trung, Quận Hà Đông"):
        assert repair_streets(address) == address


def test_a_vocabulary_entry_opening_a_longer_value_must_be_read_with_its_own_marks():
    from digitize.vocab import snap_start
    assert snap_start("nationality", "Việt Nam. - ñ") == "Việt Nam"  # junk after the value
    assert snap_start("relationship", "Con đẻ x") == "Con đẻ"
    # 'Chủ hệ' is 'Chủ hộ' misread: its first word folds like 'Chú', but is not spelt so
    assert snap_start("relationship", "Chủ hệ") is None


def test_a_hospitals_words_read_with_other_marks_are_put_back():
    from digitize.vocab import repair_phrases
    assert repair_phrases("Bệnh viện Sản Nhỉ An Giang") == "Bệnh viện Sản Nhi An Giang"
    assert repair_phrases("Bênh viện Nhi Đồng 1") == "Bệnh viện Nhi Đồng 1"
    assert repair_phrases("Xác nhận thông tin vê cư trú") == "Xác nhận thông tin về cư trú"  # a procedure's name


def test_a_form_title_two_letters_off_one_known_title_is_that_title():
    assert vocab.snap_close("form_title", "TỜ KHAI THAY ĐỐI THÔNG TTN CƯ TRÚ") == "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"
    assert vocab.snap_close("form_title", "TỜ KHAI THAY ĐỐI THÔNG TTIN CƯ TRÚ") == "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ"
    # a title of its own and a short one stay as read
    assert vocab.snap_close("form_title", "GIẤY ĐỀ NGHỊ XÁC NHẬN") == "GIẤY ĐỀ NGHỊ XÁC NHẬN"
    assert vocab.snap_close("form_title", "TỜ KHAI CĂN CỨC") == "TỜ KHAI CĂN CỨC"
    # a nationality read with a letter or two lost or misread
    for read in ("Việ Nam", "ViệNam", "Việt Narn"):
        assert vocab.snap_close("nationality", read) == "Việt Nam"
    assert vocab.snap_close("nationality", "Nam") == "Nam"  # too short to be sure of


def test_a_whole_procedure_read_with_one_letter_wrong_is_put_right():
    assert vocab.repair_phrases("Đăng ký kết hân") == "Đăng ký kết hôn"
    assert vocab.repair_phrases("Đăng ký khai sinh") == "Đăng ký khai sinh"
