"""Classification and extraction on OCR lines built here (no engine): the layouts that real
forms print, and the traps OCR sets."""
from __future__ import annotations

from digitize.classify import classify_page, group_pages
from digitize.pipeline import TYPE_SURE
from digitize.crosscheck import cross_check
from digitize.vocab import snap_near
from digitize.extract import extract
from digitize.layout import page_lines
from digitize.models import Document, PageResult, Quality, Word

W, H = 2480, 3508


def page(rows: list[list[tuple[str, int]]], conf: float = 95.0) -> PageResult:
    """rows of (text, x) placed on successive lines; each word ~ 25 px per character."""
    words = []
    for li, row in enumerate(rows):
        y = 200 + li * 80
        for text, x in row:
            for j, t in enumerate(text.split()):
                x0 = x + sum(len(p) * 25 + 20 for p in text.split()[:j])
                words.append(Word(t, conf, (x0, y, x0 + len(t) * 25, y + 45), li))
    return PageResult("d", "f.png", 1, words, Quality(width=W, height=H, dpi=300))


def fields_of(doc_type: str, p: PageResult, title: str = "", codes=()) -> dict:
    return extract(doc_type, page_lines(p, 1), title, 0.8, list(codes))


HEADER = [[("ỦY BAN NHÂN DÂN", 200), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1300)],
          [("PHƯỜNG CẦU DỀN", 250), ("Độc lập - Tự do - Hạnh phúc", 1400)],
          [("Số: 139/2020", 200), ("Quyển số: 02/2020-KS", 700)]]


def birth_page() -> PageResult:
    return page(HEADER + [
        [("GIẤY KHAI SINH", 1000)],
        [("Họ, chữ đệm, tên: NGUYỄN THỊ MAI", 200)],
        [("Ngày, tháng, năm sinh: 05/03/2019", 200)],
        [("Giới tính: Nữ", 200), ("Dân tộc: Kinh", 900), ("Quốc tịch: Việt Nam", 1600)],
        [("Nơi sinh: Bệnh viện Phụ sản Hà Nội, phường Láng Thượng, quận Đống Đa, thành", 200)],
        [("phố Hà Nội", 200)],
        [("Số định danh cá nhân: 001319012345", 200)],
        [("Họ, chữ đệm, tên người mẹ: TRẦN THỊ LAN", 200)],
        [("Họ, chữ đệm, tên người cha: NGUYỄN VĂN AN", 200)],
        [("Nơi đăng ký khai sinh: Ủy ban nhân dân phường Cầu Dền, quận Hai Bà Trưng", 200)],
        [("Ngày, tháng, năm đăng ký: 20/03/2019", 200)],
    ])


def test_title_classifies_and_body_mentions_do_not():
    assert classify_page(birth_page()).doc_type == "birth_certificate"
    receipt = page(HEADER + [[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                             [("1 Giấy khai sinh Bản sao 01", 200)]])
    assert classify_page(receipt).doc_type == "receipt"
    form = page([[("TỜ KHAI ĐĂNG KÝ KHAI SINH", 700)]])
    assert classify_page(form).doc_type == "application_form"


def test_a_wrapped_title_is_read_whole():
    land = page([[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 700)], [("GIẤY CHỨNG NHẬN", 900)],
                 [("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC", 500)]])
    assert classify_page(land).doc_type == "land_use_certificate"


def test_a_card_whose_title_is_lost_is_known_by_its_qr_code_and_flagged_to_confirm():
    motto = [[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300)], [("Độc lập - Tự do - Hạnh phúc", 400)]]
    card = page(motto + [[("IIRStEv", 300)], [("Họ và tên: TRẦN THÙY HỒNG", 300)]])
    assert classify_page(card).doc_type == "unknown"  # a first page of something we do not know
    card.codes = ["040186256704|189442653|TRẦN THÙY HỒNG|10051986|Nữ|251 Hai Bà Trưng, Lê Chân, Hải Phòng|18102021"]
    pc = classify_page(card)
    assert pc.doc_type == "cccd" and pc.starts_document and pc.confidence < TYPE_SURE
    # a receipt's dossier code names no type: other papers print it too
    card.codes = ["000.36.05.H26-230206-0153"]
    assert classify_page(card).doc_type == "unknown"


def test_a_card_face_whose_title_faded_is_known_by_its_id_agreeing_with_the_year_and_sex_beside_it():
    motto = [[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300)], [("Độc lập - Tự do - Hạnh phúc", 400)]]
    face = [[("«eo, -: 022303991686", 300)], [("| de 2à té: BÙI BẢO DUNG", 300)],
            [("quầy, Tất, mác và. T6/05/2003", 300)], [("| ii. Nữ 6z: tiết: Việt Nam", 300)]]
    pc = classify_page(page(motto + face))
    assert pc.doc_type == "cccd" and pc.starts_document and pc.confidence < TYPE_SURE
    # the id's sex digit (3: a woman born in the 2000s) must agree with the sex printed
    male = [[(t.replace("Nữ", "Nam"), x) for t, x in row] for row in face]
    assert classify_page(page(motto + male)).doc_type == "unknown"
    # a form that prints its applicant's id, birth year and sex prints far more besides
    long_form = motto + face + [[("Nội dung đề nghị: " + "đăng ký thường trú cho bản thân " * 4, 200)]] * 5
    assert classify_page(page(long_form)).doc_type == "unknown"
    # a member table prints id, birth date and sex on one row; a birth notice opens with its
    # issuing body and prints the mother's birth year before her id
    table = motto + [[("1 TRẦN DUY CƯỜNG 05/11/1961 Nam 092061605378 Con", 200)], [("Thành phố Hồ Chí Minh", 900)]]
    assert classify_page(page(table)).doc_type == "unknown"
    notice = [[("SỞ Y TẾ AN GIANG", 200), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1300)],
              [("GIẤY CHỨNG SINH", 900)], [("Số CCCD: 079196057996.", 200)],
              [("Năm sinh: 1996 Dân tộc: Kinh", 200)], [("Giới tính của con: Nữ", 200)]]
    assert classify_page(page(notice)).doc_type == "unknown"


def test_a_card_face_whose_title_and_id_did_not_read_is_known_by_its_labels_with_the_expiry_among_them():
    """A black-and-white scan under uneven light: the title and the id sink in dark specks,
    the labels read. 'Có giá trị đến' is printed on cards alone; the other labels on any form."""
    specks = [[("mi: >— ả\".. NA a2. n Ự", 200)], [("k _, ,. Ế vỂ. s56 ciISf H", 200)]] * 20
    face = [[("số: 03116156141) )", 600)], [("Họ và tên: : DƯƠNG THỊ NGỌC", 600)],
            [("Ngày, tháng, năm sinh: 30/04/1981", 600)], [("Giới tính: Nữ Quốc tịch: Việt Nam", 600)],
            [("Quê quán: Hàng Kênh, Lê Chân, Hải Phòng", 600)],
            [("Nơi thường trú: Số 30 ngõ 168 đường Mậu Thân, P. An Thới, Q. Bình Thủy, TP. Cần Thơ", 600)],
            [("Có giá trị đến:", 200)], [("30/04/2021", 200)]]
    pc = classify_page(page(specks[:20] + face + specks[20:]))
    assert pc.doc_type == "cccd" and pc.confidence < TYPE_SURE
    # without the expiry's label the same labels name no type: forms print them all
    assert classify_page(page(face[:-2])).doc_type == "unknown"
    # and a form prints far more words besides
    form = face + [[("Nội dung đề nghị: " + "đăng ký thường trú cho bản thân " * 4, 200)]] * 5
    assert classify_page(page(form)).doc_type == "unknown"


def test_a_card_photocopied_both_sides_whose_front_sank_in_specks_is_known_by_its_back():
    """The front of a black-and-white copy lost in the dots, the motto read, and hundreds of
    junk words: the back's caption and issuing department are printed on cards alone."""
    specks = [[("mi: >— ả\".. NA a2. n Ự", 200)], [("k _, ,. Ế vỂ. s56 ciISf H", 200)]] * 60
    front = [[("'.'ẻ 9# $ ÔNGhờn xE HỘI CHỦ NGHĨA Việt NAM.", 600)], [("$2 2 GÃNPƯớC-€ÔNG DÂN", 600)]]
    back = [[("điềm nhân dạng ? Personal kiertiflcation:", 600)],
            [("Ngày“tháng, năm / Date, month, year: 06/06/2020", 600)],
            [("ˆ QUẲNLÝHÀNH CHÍNH VỀ TRẬY R XÃ", 600)], [("HỘI", 600)]]
    pc = classify_page(page(front + specks + back))
    assert pc.doc_type == "cccd" and pc.confidence < TYPE_SURE
    # one of the two is no card's: a decision of the department, a form asking for particulars
    assert classify_page(page(front + specks + back[1:])).doc_type == "unknown"
    assert classify_page(page(front + specks + back[:2])).doc_type == "unknown"


def test_a_title_cut_short_counts_only_where_the_body_confirms_it():
    stamped = [[("GIẤY XÁC NHẬN THÔNG.....", 600)], [("1. Họ, chữ đệm và tên: PHẠM BẢO THƠ", 200)]]
    assert classify_page(page(stamped)).doc_type == "unknown"
    pc = classify_page(page(stamped + [[("9. Quan hệ với chủ hộ: Chủ hộ", 200)]]))
    assert pc.doc_type == "residence_confirmation" and pc.starts_document and pc.confidence < TYPE_SURE
    # cut by a lamp's shadow under its header, a letter misread and the shadow's edge read as specks
    shadowed = [[("Công an phường Thanh Sơn", 200)], [("GIẤY XÁC NHẬM _Ô", 600)],
                [("1. Họ, chữ đệm và tên: PHẠM BẢO THƠ", 200)], [("9. Quan hệ với chủ hộ: Chủ hộ", 200)]]
    assert classify_page(page(shadowed)).doc_type == "residence_confirmation"
    assert classify_page(page(shadowed[:3])).doc_type == "unknown"  # the body must confirm it
    # the start shared by many titles is no title: the body names the type, to confirm, of a
    # first page (a paper's title opens it)
    land = [[("GIẤY CHỨNG NHẬN", 600)], [("Thửa đất số: 125", 200)], [("Tờ bản đồ số: 7", 200)]]
    pc = classify_page(page(land))
    assert pc.title == "" and pc.doc_type == "land_use_certificate" and pc.confidence < TYPE_SURE and pc.starts_document
    # cut within the start of two of our titles, under a header, the body printing one's phrase
    header = [[("ỦY BAN NHÂN DÂN", 200)], [("THỊ TRẤN CHỢ MỚI", 200)], [("Số: 70/2023", 200)]]
    body = [[("Đã chết vào lúc: 13 giờ 05 phút, ngày 13/10/2023", 200)],
            [("Nơi đăng ký khai tử: Ủy ban nhân dân thị trấn Chợ Mới", 200)]]
    pc = classify_page(page(header + [[("TRÍCH LỤC KH...", 600)]] + body))
    assert pc.doc_type == "death_certificate" and pc.confidence < TYPE_SURE and pc.starts_document
    assert classify_page(page(header + [[("TRÍCH LỤC KH...", 600)]] + body[:1])).doc_type == "unknown"


def test_a_header_over_no_title_is_of_the_type_its_body_names_and_a_title_none_of_ours_is_unknown():
    header = [[("ỦY BAN NHÂN DÂN", 200), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1300)],
              [("XÃ HÒA TIẾN", 250), ("Độc lập - Tự do - Hạnh phúc", 1400)], [("Số: 241", 200)]]
    body = [[("Họ, chữ đệm, tên: TRẦN HẢI HUY", 200)], [("Đã chết vào lúc: 03 giờ 10 phút, ngày 08/02/2024", 200)],
            [("Nơi chết: Thôn Hạ, xã Hòa Tiến, huyện Hòa Vang", 200)],
            [("Nơi đăng ký khai tử: Ủy ban nhân dân xã Hòa Tiến", 200)]]
    pc = classify_page(page(header + body))  # the title lost under a lamp's shadow
    assert pc.doc_type == "death_certificate" and pc.starts_document and pc.confidence < TYPE_SURE
    notice = classify_page(page(header + [[("GIẤY BÁO TỬ", 900)]] + body))  # a look-alike's own title
    assert notice.doc_type == "unknown" and notice.starts_document
    assert classify_page(page(header + body[:1])).doc_type == "unknown"  # nothing of a type in its body


def test_a_title_whose_start_was_lost_names_its_type_by_its_end():
    """A declaration form under a lamp's shadow at its left edge: 'TỜ KHAI' lost to ',JAI', the
    rest of its title read (outside seed 192, typed as a residence paper by its body)."""
    body = [[("Họ, chữ đệm và tên: HOÀNG THANH DIỆP", 200)], [("Mối quan hệ với chủ hộ: Con", 200)],
            [("Hà Nội, ngày 24 tháng 09 năm 2024", 200)]]
    pc = classify_page(page([[("wXÃ HỘI CHỦ NGHĨA VIỆT NAM", 900)], [(",JAI THAY ĐỐI THÔNG TIN CƯ TRÚ", 600)]] + body))
    assert pc.doc_type == "application_form" and pc.starts_document and pc.confidence < TYPE_SURE
    # a look-alike's title that ends as one of ours, longer than it, is no title cut short
    contract = page([[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 900)], [("HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT", 600)]] + body)
    assert classify_page(contract).doc_type == "unknown"
    # ... nor is its wrapped end, which ends the land certificate's 2024 title alike
    contract = page([[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 900)], [("HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT", 600)],
                     [("VÀ TÀI SẢN GẮN LIỀN VỚI ĐẤT", 700)]] + body)
    assert classify_page(contract).doc_type == "unknown"


def test_a_land_certificate_whose_title_start_a_shadow_took_is_known_by_the_end_of_its_full_title():
    """'GIẤY CHỨNG NHẬN' and 'QUYỀN SỞ' lost in a black-and-white scan's dark corner (seed 228):
    the page went on the card before it, and the card took the land holder's id."""
    lines = [[("Tự do - Hạnh phúc", 900)], [("„ý QUYỀN SỬ DỤNG ĐẤT", 800)],
             [("jÙ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", 500)],
             [("§ứ dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", 200)],
             [("„LÊ NGỌC GIA NGÂN, sinh năm: 1966, CMND số: 272751435", 200)]]
    pc = classify_page(page(lines))
    assert pc.doc_type == "land_use_certificate" and pc.starts_document and pc.confidence < TYPE_SURE


def test_pages_without_title_continue_the_document_and_blank_pages_belong_to_none():
    first, second = birth_page(), page([[("Ghi chú: không", 200)]])
    blank = PageResult("d", "f.png", 3, [], Quality(width=W, height=H, blank=True))
    classes = [classify_page(p) for p in (first, second, blank)]
    groups = group_pages(classes, [False, False, True])
    assert [g.pages for g in groups] == [[0, 1]]


def test_a_blank_page_after_a_document_missing_most_of_its_fields_is_kept_in_it_flagged():
    """A land certificate's second page, faded print scanned in black and white, came out white
    (outside seed 98): after a first page that holds only the holder, it is that page, kept in
    its document with a reason on every field not found. After a document read whole, a blank
    page is its back side and belongs to no document."""
    from dataclasses import replace

    from digitize.config import Settings
    from digitize.pipeline import BLANK_IN_DOCUMENT, assemble

    def blank(n: int) -> PageResult:
        return PageResult("d", "f.tif", n, [], Quality(width=W, height=H, blank=True))

    land = replace(page(HEADER[:2] + [[("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 600)],
                                       [("Ông: NGUYỄN QUANG HƯNG", 200)], [("CCCD số: 046087943302", 200)],
                                       [("DB 415517", 1800)]]), file_rel="f.tif")
    doc, = assemble("d", [land, blank(2)], [], Settings())
    assert doc.doc_type == "land_use_certificate" and doc.pages == [("f.tif", 1), ("f.tif", 2)]
    missing = [f for f in doc.fields.values() if f.value is None]
    assert missing and all(BLANK_IN_DOCUMENT in f.reasons and f.flagged for f in missing)
    assert doc.status == "needs_review"

    birth = replace(birth_page(), file_rel="f.tif")
    doc, = assemble("d", [birth, blank(2)], [], Settings())
    assert doc.pages == [("f.tif", 1)]
    assert not any(BLANK_IN_DOCUMENT in f.reasons for f in doc.fields.values())

    # a blank page before a document that opens on an inner page is its first page, white
    receipt = replace(page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                            [("Mã hồ sơ: 000.00.18.H56-241115-0001", 200)]]), file_rel="f.tif")
    inner = replace(page([[("II. THỬA ĐẤT, NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", 200)],
                          [("Thửa đất số: 526 Tờ bản đồ số: 45", 200)], [("Diện tích: 120 m2", 200)]]),
                    file_rel="f.tif", page=3)
    first, second = assemble("d", [receipt, blank(2), inner], [], Settings())
    assert first.pages == [("f.tif", 1)]  # in one document only, though the receipt lacks most of its fields
    assert second.doc_type == "land_use_certificate" and second.pages == [("f.tif", 2), ("f.tif", 3)]
    assert all(BLANK_IN_DOCUMENT in f.reasons for f in second.fields.values() if f.value is None)


def test_a_blank_image_beside_others_without_one_mark_is_a_failed_record_never_lost():
    """A one-page marriage certificate scanned in black and white from faded print holds not
    one mark (outside seed 100): the file is recorded as failed, for a person to look at the
    paper. A blank image with its paper's grain (a gray or colour scan, where faded print would
    have been brought back) is a back side scanned as its own page, and belongs to no record."""
    from dataclasses import replace

    from digitize.config import Settings
    from digitize.pipeline import BLANK_FILE, assemble

    white = PageResult("d", "page_12.tiff", 1, [], Quality(width=W, height=H, blank=True, contrast=0.0))
    docs = assemble("d", [replace(birth_page(), file_rel="page_11.jpg"), white], [], Settings())
    assert [d.doc_type for d in docs] == ["birth_certificate", "unknown"]
    assert docs[1].status == "failed" and docs[1].error == BLANK_FILE and docs[1].pages == [("page_12.tiff", 1)]
    back = replace(white, quality=Quality(width=W, height=H, blank=True, contrast=4.0))
    docs = assemble("d", [replace(birth_page(), file_rel="page_11.jpg"), back], [], Settings())
    assert [d.doc_type for d in docs] == ["birth_certificate"]


def test_a_paper_of_another_kind_whose_motto_and_header_were_lost_starts_a_document_by_its_title():
    """A hospital's birth notice after a receipt, its header and motto lost under the lighting of
    a black-and-white scan: its title in capitals starts a document of its own (unknown)."""
    notice = page([[("„8ŸYTẾNGHỆN - cong Hữu :", 200)], [("_+VIỆN ĐA KHOA TỈNH NGHỆ AN Độc lập TP -", 200)],
                   [("“: Số: 5905/GCS \"..", 200)], [("¡ GIẤY CHỨNG SINH _.", 800)],
                   [("Họ và tên mẹ/Người nuôi dưỡng: NGUYỄN BẢO HẰNG", 200)], [("Năm sinh: 1992 Dân tộc: Kinh", 200)]])
    pc = classify_page(notice)
    assert pc.doc_type == "unknown" and pc.starts_document
    groups = group_pages([classify_page(birth_page()), pc], [False, False])
    assert [g.pages for g in groups] == [[0], [1]]
    # a page two in capitals that opens with no paper's word goes on with the document before it
    inner = page([[("II. THỬA ĐẤT, NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", 200)], [("Thửa đất số: 12", 200)]])
    assert not classify_page(inner).starts_document


def test_a_titleless_page_in_a_file_of_its_own_whose_body_names_another_type_starts_a_document():
    """A death certificate whose title and header a lamp's shadow took, in its own file after a
    two-page land certificate (outside seed 193): one phrase of a death certificate's body
    ('Nơi đăng ký khai tử') starts a document of its own, where its fields were lost unseen in the
    certificate before it. In the same file it takes two such phrases, as before."""
    land = page(HEADER[:2] + [[("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 600)], [("Thửa đất số: 327", 200)]])
    inner = page([[("Thửa đất số: 327 Tờ bản đồ số: 28", 200)], [("Diện tích: 120 m2", 200)]])
    death = page([[("Họ, chữ đệm, tên: NGÔ TIẾN ANH", 200)], [("Nơi chết: Trạm Y tế xã Hoằng Lộc", 200)],
                  [("Nơi đăng ký khai tử: Ủy ban nhân dân xã Hoằng Lộc", 200)]])
    classes = [classify_page(p) for p in (land, inner, death)]
    assert classes[2].doc_type == "death_certificate" and classes[2].cues == 1 and not classes[2].starts_document
    groups = group_pages(classes, [False] * 3, None, ["a.pdf", "a.pdf", "b.pdf"])
    assert [(g.doc_type, g.pages) for g in groups] == [("land_use_certificate", [0, 1]), ("death_certificate", [2])]
    groups = group_pages(classes, [False] * 3, None, ["a.pdf", "a.pdf", "a.pdf"])
    assert [g.pages for g in groups] == [[0, 1, 2]]


def test_a_page_that_reads_badly_continues_no_document():
    """Every page of the outside corpus that read without confidence opened a document of its
    own (a birth certificate under salt-and-pepper noise): joined to the one before, its fields
    would be lost unseen."""
    from digitize.pipeline import reads_badly
    first = birth_page()
    junk = page([[("Sa me xe NGGÂN So TỐ nàn Ghi cu", 200)], [("Mãmsinh: Dântộc Quốctch Việ", 200)]], conf=20)
    sparse = page([[("Ghi chú: không", 200)]], conf=20)
    assert reads_badly(junk.words) and not reads_badly(sparse.words) and not reads_badly(first.words)
    classes = [classify_page(p) for p in (first, junk, sparse)]
    groups = group_pages(classes, [False] * 3, [reads_badly(p.words) for p in (first, junk, sparse)])
    assert [g.pages for g in groups] == [[0], [1, 2]]


def test_birth_certificate_fields():
    f = fields_of("birth_certificate", birth_page(), "GIẤY KHAI SINH")
    v = {k: x.value for k, x in f.items()}
    assert v["full_name"] == "NGUYỄN THỊ MAI"
    assert v["date_of_birth"] == "2019-03-05"
    assert v["sex"] == "Nữ" and v["ethnicity"] == "Kinh" and v["nationality"] == "Việt Nam"
    assert v["place_of_birth"].endswith("thành phố Hà Nội")  # wrapped value joined
    assert v["mother_name"] == "TRẦN THỊ LAN" and v["father_name"] == "NGUYỄN VĂN AN"
    assert v["registration_number"] == "139/2020" and v["book_number"] == "02/2020-KS"
    assert v["issuing_authority"] == "Ủy ban nhân dân phường Cầu Dền"
    assert v["registration_date"] == "2019-03-20"
    assert not any(x.flagged for x in f.values()), {k: x.reasons for k, x in f.items() if x.flagged}


def test_a_childs_row_whose_label_did_not_read_takes_a_parents_value_only_flagged():
    def ethnicity(child_label: str):
        p = page([[("GIẤY KHAI SINH", 900)], [("Họ, chữ đệm, tên: ĐINH THANH ĐẠT", 350)],
                  [(f"{child_label}: Khmer", 350)], [("Họ, chữ đệm, tên người mẹ: NGUYỄN THU NGỌC", 350)],
                  [("Năm sinh: 1984 Dân tộc: Kinh Quốc tịch: Việt Nam", 350)]])
        return fields_of("birth_certificate", p, "GIẤY KHAI SINH")["ethnicity"]

    f = ethnicity("Dân tộc")
    assert f.value == "Khmer" and not f.flagged
    f = ethnicity("Dân lộc")  # misread: the mother's is the next 'Dân tộc'
    assert f.value == "Kinh" and f.flagged and "other_persons_row" in f.reasons


def test_a_page_read_as_junk_but_for_its_title_is_that_types_document_all_flagged():
    from digitize.config import Settings
    from digitize.pipeline import ILLEGIBLE, ILLEGIBLE_TITLED, assemble

    def junk_page(title: str) -> PageResult:
        p = page([[(title, 1500)], [("NGUYÊN CÔ“ KIÊN", 2400)], [("Số 6, Đường Nguyễn thuê. P?tuờởng,", 1900)]]
                 + [[("keơntseeai vé ÿet đợc mw(ẹ", 300)]] * 25, conf=30.0)
        p.words = [Word(w.text, 96.0, w.bbox, w.line) if w.line == 0 else w for w in p.words]
        return p

    doc, = assemble("d", [junk_page("CĂN CƯỚC CÔNG DẪN")], [], Settings())
    assert doc.doc_type == "cccd" and doc.status == "needs_review" and ILLEGIBLE_TITLED in doc.flags
    assert all(f.flagged for f in doc.fields.values())
    doc, = assemble("d", [junk_page("ĐƠN XIN")], [], Settings())  # no title of ours: failed, shown
    assert doc.status == "failed" and ILLEGIBLE in doc.error

    # no title read at all, but the chip card's QR code decoded: a card, its values from the code
    moire = junk_page("ẨM sa Á ibÝ CÚN VẤN")
    moire.codes = ["036181920633|166192914|HOÀNG KIM NHUNG|13091981|Nữ|Ấp Thượng, Hòa Phong, Hòa Vang, Đà Nẵng|19122021"]
    doc, = assemble("d", [moire], [], Settings())
    assert doc.doc_type == "cccd" and ILLEGIBLE_TITLED in doc.flags
    assert doc.fields["personal_id"].value == "036181920633" and doc.fields["sex"].value == "Nữ"
    assert all(f.flagged for f in doc.fields.values())
    moire.codes = ["000.00.18.H56-241115-0001"]  # a code that names no card
    doc, = assemble("d", [moire], [], Settings())
    assert doc.status == "failed" and ILLEGIBLE in doc.error


def test_an_id_whose_sex_digit_disagrees_is_flagged():
    p = birth_page()
    for w in p.words:
        if w.text == "001319012345":
            w.text = "001219012345"  # G=2: a boy born in 20xx, but the paper says Nữ
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")
    assert f["personal_id"].flagged and "id_sex_digit_mismatch" in f["personal_id"].reasons


def test_low_ocr_confidence_is_flagged():
    f = fields_of("birth_certificate", page([[("GIẤY KHAI SINH", 1000)],
                                             [("Họ, chữ đệm, tên: NGUYỄN THỊ MAI", 200)]], conf=40))
    assert f["full_name"].flagged and "low_confidence" in f["full_name"].reasons


def test_card_with_bilingual_captions_and_value_under_caption():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số / No.: 001089012345", 600)],
                 [("Họ và tên / Full name:", 600)], [("TRẦN VĂN BÌNH", 600)],
                 [("Ngày sinh / Date of birth: 12/07/1989", 600)],
                 [("Giới tính / Sex: Nam", 600), ("Quốc tịch / Nationality: Việt Nam", 1300)],
                 [("Có giá trị đến: 12/07/2029", 100), ("Nơi thường trú / Place of residence: Số 5 phố Huế, Hàng Bài,", 700)],
                 [("Date of expiry", 100), ("Hoàn Kiếm, Hà Nội", 1590)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["personal_id"].value == "001089012345"  # 'Số' inside 'Số 5 phố Huế' is no label
    assert f["full_name"].value == "TRẦN VĂN BÌNH"
    assert f["date_of_birth"].value == "1989-07-12"
    assert f["expiry_date"].value == "2029-07-12"
    assert f["place_of_residence"].value == "Số 5 phố Huế, Hàng Bài, Hoàn Kiếm, Hà Nội"


def test_a_caption_over_another_fields_row_takes_the_value_under_that_row():
    # a tilt put the origin's caption over the nationality's row: 'Việt Nam' is not the origin
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số / No.: 079094531749", 600)],
                 [("Họ và tên / Full name:", 600)], [("NGUYỄN GIA QUANG", 600)],
                 [("Quê quán / Place of origin:", 600)], [("Quốc tịch / Nationality: Việt Nam", 600)],
                 [("giá đến", 100), ("Võ Thị Sáu, Quận 3, Hồ Chí Minh", 600)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["place_of_origin"].value == "Võ Thị Sáu, Quận 3, Hồ Chí Minh"
    assert f["nationality"].value == "Việt Nam"


def test_a_land_holders_id_label_wrapped_across_lines_is_found_before_the_spouses():
    rows = [[("GIẤY CHỨNG NHẬN", 700)], [("QUYỀN SỬ DỤNG ĐẤT", 700)],
            [("I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", 200)],
            [("Ông: DƯƠNG MẠNH TRUNG, sinh năm: 1952, CCCD", 200)],
            [("số: 089052278414; Địa chỉ thường trú: Số 12, ngõ 286, phố 2 Tháng 9,", 200)],
            [("Và vợ: Bà: VÕ THÙY ÁNH, sinh năm: 1977, CCCD số: 048177552557", 200)]]
    f = fields_of("land_use_certificate", page(rows), "GIẤY CHỨNG NHẬN")
    assert f["holder_name"].value == "DƯƠNG MẠNH TRUNG"
    assert f["holder_personal_id"].value == "089052278414" and not f["holder_personal_id"].flagged
    # the holder's label lost: the spouse's id is never given unflagged for the holder's
    rows[4] = [("s8 089052278414; Địa chỉ thường trú: Số 12, ngõ 286, phố 2 Tháng 9,", 200)]
    f = fields_of("land_use_certificate", page(rows), "GIẤY CHỨNG NHẬN")
    assert f["holder_personal_id"].value != "048177552557" or f["holder_personal_id"].flagged


def test_a_name_label_whose_value_is_one_word_gives_way_to_the_next_label():
    # 'Tiếp nhận hồ sơ của' wrapped, a speck read 'số' after it: one word is no full name
    rows = [[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
            [("Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân phường Quỳnh Mai tiếp nhận hồ", 100)],
            [("SƠ CỦa: số", 100)], [("Ông/bà: Phạm Tuấn Thuận", 100)], [("Địa chỉ: Thôn Trung, xã Xuân Lập", 100)]]
    f = fields_of("receipt", page(rows), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    assert f["applicant_name"].value == "Phạm Tuấn Thuận"


def test_a_qr_code_that_spells_the_name_without_marks_leaves_the_printed_marks_alone():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 079179118785", 600)], [("Họ và tên: BÙI BÍCH VÂN", 600)]])
    plain = "079179118785|022683841|BUI BICH VAN|27041979|Nữ|Tổ 26, Nghĩa Tân, Cầu Giấy, Hà Nội|12012024"
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN", [plain])["full_name"].value == "BÙI BÍCH VÂN"
    # a code with marks is the name as encoded: it puts a misread right
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 079179118785", 600)], [("Họ và tên: BÙI BÍCH VĂN", 600)]])
    marked = plain.replace("BUI BICH VAN", "BÙI BÍCH VÂN")
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN", [marked])["full_name"].value == "BÙI BÍCH VÂN"


def card_fields(*rows: tuple[str, int]) -> dict:
    """The fields of a card titled as printed, its other lines one row each."""
    return fields_of("cccd", page([[("CĂN CƯỚC CÔNG DÂN", 900)], *[[row] for row in rows]]), "CĂN CƯỚC CÔNG DÂN")


def test_the_end_of_an_english_caption_read_into_a_value_is_dropped():
    f = card_fields(("Quê quán / Place of", 600), ("Origin, Phường 7, Gò Vấp, Hồ Chí Minh", 600),
                    ("Nơi thường trú / Place of resdence. 33 Ngõ 223 Hoàng Văn Thụ, Yên Định, Hải Hậu, Nam Định", 600))
    assert f["place_of_origin"].value == "Phường 7, Gò Vấp, Hồ Chí Minh"
    assert f["place_of_residence"].value == "33 Ngõ 223 Hoàng Văn Thụ, Yên Định, Hải Hậu, Nam Định"
    # a speck before the caption goes with it; a word merely like a caption's end is the value's
    f = card_fields(("Quê quán: í Place of origin: Phường 12, Gò Vấp, Hồ Chí Minh", 600),
                    ("Nơi thường trú: Orion, 5 Lê Lợi, Bến Nghé, Quận 1, Hồ Chí Minh", 600))
    assert f["place_of_origin"].value == "Phường 12, Gò Vấp, Hồ Chí Minh"
    assert f["place_of_residence"].value.startswith("Orion, 5 Lê Lợi")
    # after the caption's first words: its end with no colon, and its garbled rest ending the line
    f = card_fields(("Quê quan / Place oƒ ongin", 1500), ("Phước Mỹ, Sơn Trà, Đà Nẵng", 1500),
                    ("Nơi thương tru / Place of resdence 42 Ngõ 34 Nguyễn Khánh Toàn, Kim Mã, Ba Đình, Hà Nội", 1500),
                    ("Giới tính / Sex: Nam_ Quốc tịch / Nationality: Việt Nam", 1500))
    assert f["place_of_origin"].value == "Phước Mỹ, Sơn Trà, Đà Nẵng"
    assert f["place_of_residence"].value == "42 Ngõ 34 Nguyễn Khánh Toàn, Kim Mã, Ba Đình, Hà Nội"
    assert f["sex"].value == "Nam" and "label_not_read" not in f["sex"].reasons
    # the caption's end garbled with a digit for a letter, or a symbol, before or over the value;
    # a caption split into four words by OCR
    f = card_fields(("Quê quán / Place 0f ongw", 1500), ("Quỳnh Mai, Hai Bà Trưng, Hà Nội", 1500),
                    ("Nơi thường trú / Place o†eedenoe 3 Ngõ 236 Lê Thánh Tông, Hồng Hà, Hạ Long, Quảng Ninh", 1500))
    assert f["place_of_origin"].value == "Quỳnh Mai, Hai Bà Trưng, Hà Nội"
    assert f["place_of_residence"].value == "3 Ngõ 236 Lê Thánh Tông, Hồng Hà, Hạ Long, Quảng Ninh"
    f = card_fields(("Quê quán / Plác e of œigin", 1500), ("Hưng Lợi, Ninh Kiều, Cần Thơ", 1500),
                    ("Nơi thường trú / Place of residence: khu 3, Hưng Lợi, Ninh Kiều, Cần Thơ", 1500))
    assert f["place_of_origin"].value == "Hưng Lợi, Ninh Kiều, Cần Thơ"
    assert f["place_of_residence"].value.startswith("khu 3, Hưng Lợi")  # the caption was whole: the value's own word


def test_the_date_of_signing_is_read_when_the_seal_took_its_place_and_comma():
    def issued(last_row: str):
        rows = [[("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 800)],
                [("2. Ngày, tháng, năm sinh: ngày 13 tháng 09 năm 1993", 200)]]
        rows += [[("Thông tin về cư trú của công dân được xác nhận như trên.", 200)]] * 25
        return fields_of("residence_confirmation", page(rows + [[(last_row, 1300)]]))["issue_date"].value

    assert issued("Nghệ An, ngày 22 tháng 5 năm 2024") == "2024-05-22"
    assert issued("l TÀ àa Vàtg ngày 22 tháng 5 năm 2024") == "2024-05-22"  # the place under the seal
    assert issued("Gà àÌ ộiÏ 'ày 07 tháng 05 năm 2024") == "2024-05-07"  # 'ngày' lost its 'ng'
    assert issued("Ẫ 5 ` Tú. Nội,hhgày 17 tháng 02 năm 2023") == "2023-02-17"  # ... its 'n' and the space
    assert issued("( ị - à No lon 14 tháng 11 năm 2021") == "2021-11-14"  # 'ngày' lost whole, the digits clear
    assert issued("Ghi chú: ngày 07 tháng 05 năm 2024") is None  # after a label: another field's date
    assert issued("Ghi chú: 07 tháng 05 năm 2024") is None
    assert issued("Hà Nội, lon 14 tháng năm 2021") is None  # no month: no date


def test_a_short_label_with_a_letter_ocr_confuses_is_still_its_label():
    def applicant(label_line):
        p = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)], [(label_line, 200)],
                  [("Địa chỉ: Xóm 5, xã Hòa An, huyện Krông Pắc, tỉnh Đắk Lắk", 200)]])
        return fields_of("receipt", p, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["applicant_name"].value

    assert applicant("Ông/hà: NGUYỄN NGỌC LOAN") == "NGUYỄN NGỌC LOAN"  # 'b' read as 'h'
    assert applicant("Ônghà: Huỳnh Diệu Thảo") == "Huỳnh Diệu Thảo"  # and the slash lost
    assert applicant("Ông/bà: Lý Mạnh Long") == "Lý Mạnh Long"
    # under 'tiếp nhận hồ sơ của:', the form of address read 'Ông/Đà' or with its slash twice
    for line, name in (("Ông/Đà: LÊ PHƯƠNG YẾN", "LÊ PHƯƠNG YẾN"), ("Ông/fbà: Nguyễn Bảo Hương", "Nguyễn Bảo Hương")):
        p = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                  [("Bộ phận tiếp nhận và trả kết quả Công an phường Cẩm Đông tiếp nhận hồ sơ của:", 200)],
                  [(line, 200)], [("Địa chỉ: Xóm 5, xã Hòa An, huyện Krông Pắc, tỉnh Đắk Lắk", 200)]])
        assert fields_of("receipt", p, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["applicant_name"].value == name, line


def test_a_word_in_another_case_at_a_names_end_that_spells_no_name_is_dropped_and_flagged():
    def applicant(name_line):
        p = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)], [(name_line, 200)],
                  [("Địa chỉ: Xóm 5, xã Hòa An, huyện Krông Pắc, tỉnh Đắk Lắk", 200)]])
        return fields_of("receipt", p, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["applicant_name"]

    for line, name in (("Ông/bà: Phạm Hữu Bình ỗ", "Phạm Hữu Bình"), ("Ông/bà: à Lê Hoài My", "Lê Hoài My"),
                       ("Ông/bà: NGUYỄN MẠNH BẢO KHÁNH nên Gây", "NGUYỄN MẠNH BẢO KHÁNH")):
        f = applicant(line)
        assert f.value == name and f.flagged and "specks_dropped" in f.reasons, line
    # a name's syllable read in the other case stays (a person puts the case right), and so do
    # the ends of a name of two words, and more than two words of a line read in its place
    assert applicant("Ông/bà: HỒ BẢO vi").value == "HỒ BẢO vi"
    assert applicant("Ông/bà: LÊ AN ỗ").value == "LÊ AN ỗ"
    assert "specks_dropped" not in applicant("Ông/bà: NGUYỄN VĂN AN").reasons


def test_a_lone_mark_after_a_caption_is_no_value_and_the_value_under_it_is_taken():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Họ và tên / Full name: ˆ", 600)], [("TRẦN VĂN BÌNH", 600)]])
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["full_name"].value == "TRẦN VĂN BÌNH"


def test_an_address_wraps_past_a_line_of_guilloche_specks_beside_the_expiry_label():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số / No.: 001089012345", 600)],
                 [("Có giá trị đến", 100), ("Nơi thường trú / Place of residence: 48 Trần Phú, Bình", 700)],
                 [("Có giá trị đến:", 100), (":A 3: ^ ` nIẾ", 750)],
                 [("Date of expiry:", 100), ("Hiên, Hải Châu, Đà Nẵng", 700)], [("11/07/2032", 100)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["place_of_residence"].value == "48 Trần Phú, Bình Hiên, Hải Châu, Đà Nẵng"
    # specks that read as no word at all ('^ ~ ` .^')
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số / No.: 001089012345", 600)],
                 [("Nơi thường trú / Place of residence: 94 Nguyễn Huệ, Phú", 700)],
                 [("Ó gia trị den:", 100), ("^ ~ ` .^ ~", 750)],
                 [("Date of expiry:", 100), ("Hậu, Huế, Thừa Thiên Huế", 700)], [("Không thời hạn", 100)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["place_of_residence"].value == "94 Nguyễn Huệ, Phú Hậu, Huế, Thừa Thiên Huế"


def test_a_word_of_a_wrapped_address_read_short_with_its_comma_is_kept_to_be_seen():
    """'Dương Xá' wrapped after 'Dương', its 'X' lost: 'á,' far left of 'Gia Lâm' is a word,
    not a speck of the card's edge; dropped, 'Dương Gia Lâm' passed unflagged (seed 223)."""
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số / No.: 001089012345", 600)],
                 [("Nơi thường trú / Place of residence: Ấp 6, Dương", 600)],
                 [("á,", 600), ("Gia Lâm, Hà Nội", 760)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_residence"]
    assert f.value == "Ấp 6, Dương á, Gia Lâm, Hà Nội" and f.flagged
    # a speck far left without a comma is still no word
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số / No.: 001089012345", 600)],
                 [("Nơi thường trú / Place of residence: Ấp 6, Dương Xá,", 600)],
                 [("4", 600), ("Gia Lâm, Hà Nội", 760)]])
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_residence"].value == "Ấp 6, Dương Xá, Gia Lâm, Hà Nội"


def test_a_name_whose_syllables_ran_together_is_spaced_and_flagged():
    p = page([[("GIẤY KHAI SINH", 1000)], [("Họ, chữ đệm, tên: NGUYỄN TUẤNNGỌC KHOA", 200)]])
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")["full_name"]
    assert f.value == "NGUYỄN TUẤN NGỌC KHOA" and f.flagged and "syllables_split" in f.reasons


def test_a_card_expiry_read_in_part_is_the_birthday_it_agrees_with_and_flagged():
    def expiry(printed):
        card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001088012345", 600)],
                     [("Ngày, tháng, năm sinh: 08-08-1988", 600)], [("Có giá trị đến:", 100)], [(printed, 100)]])
        return fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["expiry_date"]

    for printed in ("-08-2028", "08-08-202g", "08-08-202 ỏ"):  # the year's last digit lost
        f = expiry(printed)
        assert f.value == "2028-08-08" and f.flagged and "expiry_from_birthday" in f.reasons, printed
    # another month, another decade, or too little read: no birthday is guessed
    for printed in ("-07-2028", "-08-203g", "-0-20", "-08-203", "-0-202"):
        assert expiry(printed).value is None, printed



def test_a_card_expiry_read_in_pieces_or_without_its_separator_is_the_birthday_it_spells():
    def expiry(*under):
        card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 079199347624", 600)],
                     [("Ngày, tháng, năm sinh: 23/10/1999", 600)], [("Có giá trị đền: '", 100)],
                     *[[(text, 100)] for text in under]])
        return fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["expiry_date"]

    for under in (('" 2024 ¬', "| 23/10I mm"), ("¡2310-2024",)):
        f = expiry(*under)
        assert f.value == "2024-10-23" and f.flagged and "expiry_from_birthday" in f.reasons, under
    # a year the card does not run to, or another day beside it: no birthday is guessed
    for under in (('" 2025 ¬', "| 23/10I mm"), ('" 2024 ¬', "| 24/10I mm"), ("¡2310-2025",)):
        assert expiry(*under).value is None, under


def test_spouses_in_a_table_are_told_apart_by_column():
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("VỢ", 1100), ("CHỒNG", 1800)],
              [("Họ, chữ đệm, tên", 200), ("LÊ THỊ HOA", 900), ("PHẠM VĂN TÚ", 1600)],
              [("Ngày, tháng, năm sinh", 200), ("26/01/1999", 900), ("27/06/1995", 1600)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["wife_name"].value == "LÊ THỊ HOA" and f["husband_name"].value == "PHẠM VĂN TÚ"
    assert f["wife_date_of_birth"].value == "1999-01-26" and f["husband_date_of_birth"].value == "1995-06-27"


def test_a_speck_across_the_first_columns_edge_does_not_end_the_table():
    """'Họ, chữ đệm, tên _ ĐỖ BÁ VIỆT': the '_' read where the label's column meets the first
    spouse's is no word running across the table."""
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("Chồng", 700), ("Vợ", 1250)],
              [("Họ, chữ đệm, tên", 100), ("_", 495), ("ĐỖ BÁ VIỆT", 530), ("TRẦN HẢI TRANG", 1040)],
              [("Ngày, tháng, năm", 100), ("13/05/2001", 530), ("06/08/1982", 1040)], [("sinh", 100)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["husband_name"].value == "ĐỖ BÁ VIỆT" and f["wife_name"].value == "TRẦN HẢI TRANG"
    assert f["wife_date_of_birth"].value == "1982-08-06"


def test_a_speck_of_the_rule_before_the_column_heads_is_no_column():
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("p-", 100), ("Chồng", 700), ("Vợ", 1250)],
              [("Họ, chữ đệm, tên", 100), ("ĐỖ NGỌC VIỆT", 530), ("NGUYỄN THU NGỌC CHI", 1040)],
              [("Số định danh cá", 100), ("022076810216", 530), ("001191487920", 1040)], [("nhân", 100)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["husband_name"].value == "ĐỖ NGỌC VIỆT" and f["wife_name"].value == "NGUYỄN THU NGỌC CHI"
    assert f["husband_personal_id"].value == "022076810216" and f["wife_personal_id"].value == "001191487920"


def test_a_table_row_whose_labels_capital_was_misread_is_still_a_row_of_its_own():
    """'|cáy tờ tùy thần' for 'Giấy tờ tùy thân': without its capital the row ran on into the
    address above it, and both ids were read from one cell."""
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("Chồng", 1100), ("Vợ", 1800)],
              [("Nơi cư trú", 200), ("Số 93/12, phố Lê Hoàn,", 900), ("Số 93/12, phố Lê Hoàn,", 1600)],
              [("tỉnh Thanh Hóa", 900), ("tỉnh Thanh Hóa", 1600)],
              [("|cáy tờ tùy thần", 200), ("CCCD số 001097484120", 900), ("CCCD số 027185635388", 1600)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["husband_personal_id"].value == "001097484120" and f["wife_personal_id"].value == "027185635388"


def test_spouses_side_by_side_under_dotted_captions_keep_to_their_own_column():
    # the husband's caption follows the wife's leaders closely, as a sentence's next words
    # would; and his date printed invalid ('09/16/1990') is not replaced by hers
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)],
              [("Họ, chữ đệm, tên vợ:..", 200), ("_", 1260), ("Họ, chữ đệm, tên chồng: ..", 1300)],
              [("ĐINH NGỌC ANH..", 250), (".HOÀNG VĂN THÁI...", 1350)],
              [("Ngày, tháng, năm sinh: 25/06/1993", 200), ("Ngày, tháng, năm sinh: 09/16/1990", 1300)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["wife_name"].value == "ĐINH NGỌC ANH" and f["husband_name"].value == "HOÀNG VĂN THÁI"
    assert f["wife_date_of_birth"].value == "1993-06-25"
    assert f["husband_date_of_birth"].value is None and f["husband_date_of_birth"].flagged


def test_a_table_row_whose_label_the_cell_rule_put_a_speck_before_is_a_row_of_its_own():
    # '¡Ngày, tháng,' / '¡năm sinh' under a noisy scan: the speck is no lower-case letter
    # that would join the row to the name's before it
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("Chồng", 1100), ("Vợ", 1800)],
              [("Họ, chữ đệm,", 200), ("¡NGUYỄN VĂN HẢI", 900), ("TRẦN HỒNG MAI", 1600)], [("tên", 210)],
              [("¡Ngày, tháng,", 200), ("|08/07/1985", 900), ("|23/06/1988", 1600)], [("¡năm sinh", 200)],
              [("| Quốc tịch", 200), ("Việt Nam", 900), ("|Việt Nam", 1600)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["husband_name"].value == "NGUYỄN VĂN HẢI" and f["wife_name"].value == "TRẦN HỒNG MAI"
    assert f["husband_date_of_birth"].value == "1985-07-08" and f["wife_date_of_birth"].value == "1988-06-23"


def test_spouses_cells_read_as_one_run_are_split_where_the_wifes_column_starts():
    """The gap between the husband's name and the wife's read no wider than a space (outside
    seed 103): the run spans both headers, and is cut before the word that starts where the
    wife's values start on the table's other rows, not at its widest gap ('ĐINH NGUYỄN')."""
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("Chồng", 1100), ("Vợ", 1800)],
              [("Họ, chữ đệm, tên", 200), ("NGUYỄN HOÀNG TRỌNG KIÊN ANH", 842), ("ĐINH NGUYỄN BẢO VÂN", 1517)],
              [("Dân tộc", 200), ("Kinh", 842), ("Kinh", 1560)],
              [("Nơi cư trú", 200), ("Thôn Trung, xã Xuân Lập,", 842), ("Thôn Trung, xã Xuân Lập,", 1560)],
              [("Ngày, tháng, năm sinh", 200), ("ngày 24 tháng 11 năm 1987", 842), ("|", 1480),
               ("ngày 22 tháng 01 năm 1984", 1520)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["husband_name"].value == "NGUYỄN HOÀNG TRỌNG KIÊN ANH" and f["wife_name"].value == "ĐINH NGUYỄN BẢO VÂN"
    assert f["husband_date_of_birth"].value == "1987-11-24" and f["wife_date_of_birth"].value == "1984-01-22"


def test_a_holders_id_followed_by_a_colon_and_the_next_label_is_no_label():
    """'CCCD số: 079167205980: Địa chỉ' (outside seed 122): the id alone with its colon was taken
    for the rest of a longer label, and the husband's id two lines down was given, unflagged."""
    p = page([[("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 600)],
              [("Bà: PHẠM MINH HÀ, sinh năm: 1967, CCCD số: 079167205980: Địa chỉ", 200)],
              [("thường trú: Số 36 ngõ 42 phố Lý Thái Tổ, P. Đồng Nguyên, TP. Từ Sơn, tỉnh Bắc", 200)],
              [("Ninh", 200)],
              [("Và chồng: Ông: TRẦN VĂN TÙNG, sinh năm: 1993, CCCD số: 079093117150", 200)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")
    assert f["holder_personal_id"].value == "079167205980"


def test_an_issuing_body_garbled_at_its_label_is_read_from_the_header_flagged():
    """A seal over 'Nơi đăng ký kết hôn' ('Ủy ban nhâ erott-e ờng an hòa'): the header prints the
    same body and reads as one; it is taken, to confirm. A garbled header changes nothing."""
    header = [[("ỦY BAN NHÂN DÂN", 200), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1300)],
              [("PHƯỜNG AN HÒA", 250), ("Độc lập - Tự do - Hạnh phúc", 1400)]]
    body = [[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("Nơi đăng ký kết hôn: Ủy ban nhâ erott-e ờng an hòa", 200)]]
    f = fields_of("marriage_certificate", page(header + body), "GIẤY CHỨNG NHẬN KẾT HÔN")["issuing_authority"]
    assert f.value == "Ủy ban nhân dân phường An Hòa" and f.flagged and "label_value_unreadable" in f.reasons
    garbled = [[("ỦY BAN NHÂN DÂN", 200)], [("PHỪ#ø ÂN H", 250)]]
    f = fields_of("marriage_certificate", page(garbled + body), "GIẤY CHỨNG NHẬN KẾT HÔN")["issuing_authority"]
    assert f.value == "Ủy ban nhâ erott-e ờng an hòa" and f.flagged


def test_a_certified_copys_stamp_gives_no_number_to_the_paper():
    """'Số chứng thực: 5141  Quyển số: 03/2023-SCT/BS' under a card copy whose id read with a
    digit too many: the stamp's book number was taken for the card's id ('0320235'). RECORDS:
    the stamp's numbers are not the paper's."""
    stamp = [[("CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH", 300)],
             [("Số chứng thực: 5141 Quyến số: 03/2023-SCT/BS", 300)]]
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Sø/No.: 0041173281286", 900)],  # its label misread too
                 [("Họ và tên / Full name:", 900)], [("NGUYỄN PHƯƠNG TRÂM", 900)]] + stamp)
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["personal_id"]
    assert f.value != "0320235" and f.flagged
    birth = page([[("GIẤY KHAI SINH", 1000)], [("Họ, chữ đệm, tên: NGUYỄN THỊ MAI", 200)]] + stamp)
    assert fields_of("birth_certificate", birth, "GIẤY KHAI SINH")["registration_number"].value != "5141"


def test_a_blank_forms_empty_rows_take_nothing_from_the_numbered_items_under_them():
    # a CT01 left blank: each label is followed by the next numbered item, which is no value,
    # and the household head's rows are no applicant's
    p = page([[("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", 600)], [("1. Họ, chữ đệm và tên: :", 280)],
              [("4. Số định danh cá nhân/CMND", 290)], [("5. Số điện thoại liên hệ: ...", 280), ("6 Email: ..", 1150)],
              [("9. Nơi ở hiện tại: :", 280)], [("10. Nghề nghiệp, nơi làm việc:", 280)],
              [("11. Họ, chữ đệm và tên chủ hộ: TRẦN VĂN BA", 280)], [("12. Quan hệ với chủ hộ: Con", 280)]])
    f = fields_of("application_form", p, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")
    assert f["applicant_name"].value is None and f["applicant_address"].value is None
    assert f["applicant_personal_id"].value is None
    # marks of a card's photo left of the value's column ('k. 4') open no item
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Quê quán / Place of origin:", 700)], [("k.", 280), ("4", 520)],
                 [("Ngô Đồng, Giao Thủy, Nam Định", 700)]])
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_origin"].value == "Ngô Đồng, Giao Thủy, Nam Định"


def test_receipt_takes_the_dossier_code_from_its_qr_code():
    p = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)], [("Tiếp nhận hồ sơ của: LÊ VĂN AN", 200)]])
    f = fields_of("receipt", p, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", ["000.00.18.H56-241115-0001"])
    assert f["dossier_code"].value == "000.00.18.H56-241115-0001" and not f["dossier_code"].flagged
    assert f["applicant_name"].value == "LÊ VĂN AN"


def test_a_receipts_received_date_lost_is_the_date_its_dossier_code_holds():
    def receipt(received_line: str) -> dict:
        docs = [Document("d", "receipt", 1.0, [("a.png", 1)], fields_of("receipt", page([
            [("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)], [("Mã hồ sơ: 000.00.18.H56-241115-0001", 200)],
            [(received_line, 200)]])))]
        cross_check(docs, 0.8)
        return docs[0].fields
    f = receipt("Thời gian nhận hồ sơ: 08 giờ 55 phút, ngày l5/1l/2O2ă")
    assert f["received_date"].value == "2024-11-15" and f["received_date"].flagged
    assert f["received_date"].reasons == ["received_date_from_code"]
    # read: as read, checked against the code (dossier_code_date_mismatch)
    f = receipt("Thời gian nhận hồ sơ: 08 giờ 55 phút, ngày 16/11/2024")
    assert f["received_date"].value == "2024-11-16" and "received_date_from_code" not in f["received_date"].reasons


def test_a_misread_place_name_is_flagged_and_put_right_where_its_parent_tells():
    p = page(HEADER[:2] + [[("GIẤY KHAI SINH", 1000)], [("Nơi sinh: phường Ba Đĩnh", 200)]])
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")
    assert f["place_of_birth"].flagged and "admin_unit_misspelled" in f["place_of_birth"].reasons
    p = page(HEADER[:2] + [[("GIẤY KHAI SINH", 1000)],
                           [("Nơi sinh: phường Ba Đĩnh, thành phố Thanh Hóa, tỉnh Thanh Hóa", 200)]])
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")
    assert f["place_of_birth"].value == "phường Ba Đình, thành phố Thanh Hóa, tỉnh Thanh Hóa"
    assert f["place_of_birth"].flagged and "admin_unit_repaired" in f["place_of_birth"].reasons


def test_the_same_person_must_agree_across_documents():
    a = Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
        [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001089012345", 600)], [("Họ và tên: TRẦN VĂN BÌNH", 600)]])))
    b = Document("d", "application_form", 1.0, [("b.png", 1)], fields_of("application_form", page([
        [("TỜ KHAI", 900)], [("Họ, chữ đệm và tên khai sinh: TRẦN VĂN BẢO", 200)],
        [("Số định danh cá nhân: 001089012345", 200)]])))
    cross_check([a, b], 0.8)
    assert "differs_from:d/2" in a.fields["full_name"].reasons
    assert "differs_from:d/1" in b.fields["applicant_name"].reasons


def homes_of_one_person(card_home: str, form_home: str) -> list[Document]:
    card = Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
        [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001089012345", 600)], [("Họ và tên: TRẦN VĂN BÌNH", 600)],
        [(f"Nơi thường trú: {card_home}", 600)]])))
    form = Document("d", "application_form", 1.0, [("b.png", 1)], fields_of("application_form", page([
        [("TỜ KHAI", 900)], [("Họ, chữ đệm và tên khai sinh: TRẦN VĂN BÌNH", 200)],
        [("Số định danh cá nhân: 001089012345", 200)], [(f"Nơi cư trú: {form_home}", 200)]])))
    cross_check([card, form], 0.8)
    return [card.fields["place_of_residence"], form.fields["applicant_address"]]


def test_one_persons_home_on_two_papers_alike_but_for_a_number_is_flagged_on_both():
    card, form = homes_of_one_person("Số 41, Ngõ 58, Đường Trần Hưng Đạo, Phường Cái Khế, Quận Ninh Kiều, Thành phố Cần Thơ",
                                     "Số 41, Ngõ 56, Đường Trần Hưng Đạo, P. Cái Khế, Q. Ninh Kiều, TP. Cần Thơ")
    assert card.value.startswith("Số 41, Ngõ 58") and form.value.startswith("Số 41, Ngõ 56")
    assert "numbers_differ_from:d/2" in card.reasons and card.flagged
    assert "numbers_differ_from:d/1" in form.reasons and form.flagged
    # the same home in another style agrees; a home moved to is another address, not a misread
    for other in ("Số 41, Ngõ 58, Đường Trần Hưng Đạo, P. Cái Khế, Q. Ninh Kiều, TP. Cần Thơ",
                  "Số 7, Ngõ 12, Đường Lê Lợi, Phường Tân An, Quận Ninh Kiều, Thành phố Cần Thơ"):
        card, form = homes_of_one_person("Số 41, Ngõ 58, Đường Trần Hưng Đạo, Phường Cái Khế, Quận Ninh Kiều, "
                                         "Thành phố Cần Thơ", other)
        assert not any(r.startswith("numbers_differ_from") for r in card.reasons + form.reasons)


def papers_of_one_person(card_name: str, form_name: str, residence_name: str | None = None,
                         card_conf: float = 95.0) -> list[Document]:
    docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
        [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001089012345", 600)], [(f"Họ và tên: {card_name}", 600)]],
        conf=card_conf))),
        Document("d", "application_form", 1.0, [("b.png", 1)], fields_of("application_form", page([
            [("TỜ KHAI", 900)], [(f"Họ, chữ đệm và tên khai sinh: {form_name}", 200)],
            [("Số định danh cá nhân: 001089012345", 200)]])))]
    if residence_name:
        docs.append(Document("d", "residence_confirmation", 1.0, [("c.png", 1)], fields_of("residence_confirmation", page([
            [("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 600)], [(f"Họ, chữ đệm và tên: {residence_name}", 200)],
            [("Số định danh cá nhân: 001089012345", 200)]]))))
    cross_check(docs, 0.8)
    return docs


def test_a_name_whose_papers_disagree_on_marks_takes_those_most_papers_give_and_stays_flagged():
    card, form, residence = papers_of_one_person("BUI THE NGOC KHANH", "Bùi Thế Ngọc Khánh", "BÙI THẾ NGỌC KHÁNH")
    assert card.fields["full_name"].value == "BÙI THẾ NGỌC KHÁNH"  # in the card's own capitals
    assert card.fields["full_name"].flagged and "name_marks_from:d/2" in card.fields["full_name"].reasons
    assert form.fields["applicant_name"].value == "Bùi Thế Ngọc Khánh"
    # the readings disagreed (marks are invented too, 'GIÁ' for 'GIA'): every side stays flagged
    assert "differs_from:d/1" in form.fields["applicant_name"].reasons and form.fields["applicant_name"].flagged
    assert residence.fields["full_name"].flagged
    # a mark read on one paper only loses to two that read none
    card, form, residence = papers_of_one_person("NGUYỄN GIÁ VINH", "NGUYỄN GIA VINH", "NGUYỄN GIA VINH")
    assert card.fields["full_name"].value == "NGUYỄN GIA VINH" and card.fields["full_name"].flagged


def test_a_reading_that_lost_every_mark_does_not_vote_against_one_that_has_them():
    # bold capitals on a card read with no mark at all: the form's marks stand, and the card takes them
    # (syllables that several names share without marks: 'La' or 'Lã', 'Văn' or 'Vân', 'Chi' or 'Chí')
    card, form = papers_of_one_person("LA VAN CHI", "LÃ VĂN CHÍ", card_conf=99.0)
    assert form.fields["applicant_name"].value == "LÃ VĂN CHÍ"
    assert card.fields["full_name"].value == "LÃ VĂN CHÍ" and card.fields["full_name"].flagged
    # two readings without marks: nothing to take marks from
    card, form = papers_of_one_person("LA VAN CHI", "LA VAN CHI")
    assert card.fields["full_name"].value == form.fields["applicant_name"].value == "LA VAN CHI"


def test_two_papers_that_disagree_on_a_mark_are_put_right_only_by_the_surer_reading():
    card, form = papers_of_one_person("VÕ VÂN QUANG", "VÕ VĂN QUANG")  # as sure: nothing changes
    assert card.fields["full_name"].value == "VÕ VÂN QUANG" and form.fields["applicant_name"].value == "VÕ VĂN QUANG"
    assert card.fields["full_name"].flagged and form.fields["applicant_name"].flagged
    card, form = papers_of_one_person("VÕ VÂN QUANG", "VÕ VĂN QUANG", card_conf=70.0)
    assert card.fields["full_name"].value == "VÕ VĂN QUANG" and card.fields["full_name"].flagged


def test_between_two_readings_a_spelling_names_have_wins_over_one_they_never_have():
    # 'VẤN' and 'TIỀN' are the letters of 'Văn', 'Vân', 'Tiến', 'Tiên' with marks no name has,
    # read on the surer paper: the other paper's spelling is the name's
    card, form = papers_of_one_person("NGUYỄN VẤN KHOA", "NGUYỄN VĂN KHOA", card_conf=99.0)
    assert card.fields["full_name"].value == form.fields["applicant_name"].value == "NGUYỄN VĂN KHOA"
    assert card.fields["full_name"].flagged and "name_marks_from:d/2" in card.fields["full_name"].reasons
    card, form = papers_of_one_person("VÕ TIẾN HƯNG", "VÕ TIỀN HƯNG")
    assert form.fields["applicant_name"].value == "VÕ TIẾN HƯNG" and form.fields["applicant_name"].flagged


def test_names_with_different_marks_on_one_syllable_stay_flagged_on_both_sides():
    card, form = papers_of_one_person("TRẦN NGỌC CHÍ", "TRẦN NGỌC CHI")
    assert "differs_from:d/2" in card.fields["full_name"].reasons
    assert "differs_from:d/1" in form.fields["applicant_name"].reasons
    assert card.fields["full_name"].flagged and form.fields["applicant_name"].flagged


def test_two_ids_one_digit_apart_under_one_name_are_one_persons_and_both_are_flagged():
    def ids(card_id: str, card_name: str) -> tuple:
        docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
            [("CĂN CƯỚC CÔNG DÂN", 900)], [(f"Số: {card_id}", 600)], [(f"Họ và tên: {card_name}", 600)]]))),
            Document("d", "application_form", 1.0, [("b.png", 1)], fields_of("application_form", page([
                [("TỜ KHAI", 900)], [("Họ, chữ đệm và tên khai sinh: Nguyễn Bích Ngọc", 200)],
                [("Số định danh cá nhân: 048180921745", 200)]])))]
        cross_check(docs, 0.8)
        return docs[0].fields["personal_id"], docs[1].fields["applicant_personal_id"]

    card, form = ids("046180921745", "NGUYỄN BÍÌCH NGỌC")  # a digit misread, a letter read twice
    assert card.flagged and "id_differs_from:d/2" in card.reasons
    assert form.flagged and "id_differs_from:d/1" in form.reasons
    # the card's name did not read: nothing says they are two people
    card, form = ids("046180921745", "")
    assert card.flagged and "id_differs_from:d/2" in card.reasons
    # another person's id, the same id: not one person misread (ids further apart under one
    # full name: crosscheck.misread_ids, below)
    for card_id, name in (("046180921745", "TRẦN VĂN BÌNH"), ("048180921745", "NGUYỄN BÍCH NGỌC")):
        card, form = ids(card_id, name)
        assert not [r for r in card.reasons + form.reasons if r.startswith("id_differs_from")]


def test_two_ids_under_one_full_name_are_one_persons_and_both_are_flagged():
    def ids(card_id: str, card_name: str, form_name: str = "Cao Phương Hoàng Hương") -> tuple:
        docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
            [("CĂN CƯỚC CÔNG DÂN", 900)], [(f"Số: {card_id}", 600)], [(f"Họ và tên: {card_name}", 600)]]))),
            Document("d", "application_form", 1.0, [("b.png", 1)], fields_of("application_form", page([
                [("TỜ KHAI", 900)], [(f"Họ, chữ đệm và tên khai sinh: {form_name}", 200)],
                [("Số định danh cá nhân: 022187468911", 200)]])))]
        cross_check(docs, 0.8)
        return docs[0].fields["personal_id"], docs[1].fields["applicant_personal_id"]

    card, form = ids("022187222211", "CAO PHƯƠNG HOÀNG HƯƠNG")  # three digits misread
    assert card.flagged and "id_differs_from:d/2" in card.reasons and "id_differs_from:d/1" in form.reasons
    # a name of two syllables, or another name: two people as likely
    for name, form_name in (("CAO HƯƠNG", "Cao Hương"), ("CAO PHƯƠNG HOÀNG HÀ", "Cao Phương Hoàng Hương")):
        card, form = ids("022187222211", name, form_name)
        assert not [r for r in card.reasons + form.reasons if r.startswith("id_differs_from")]


def test_an_id_read_in_a_spouses_row_casts_no_doubt_on_the_holders_card():
    card = Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
        [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 066157824635", 600)], [("Họ và tên: PHẠM THỊ KHÁNH HOA", 600)]])))
    # the holder's own id misread past reading (ten digits), the husband's read under his label
    land = Document("d", "land_use_certificate", 1.0, [("b.png", 1)], fields_of("land_use_certificate", page([
        [("GIẤY CHỨNG NHẬN", 700)], [("QUYỀN SỬ DỤNG ĐẤT", 700)],
        [("Bà: PHẠM THỊ KHÁNH HOA, sinh năm: 1957, CMND số: 2424542606;", 200)],
        [("Và chồng: Ông: ĐẶNG GIA HOÀNG DŨNG, sinh năm: 1979, CCCD số: 036079571622", 200)]]),
        "GIẤY CHỨNG NHẬN"))
    held = land.fields["holder_personal_id"]
    assert held.value != "036079571622" or held.flagged and "other_persons_row" in held.reasons
    cross_check([card, land], 0.8)
    assert not [r for r in card.fields["personal_id"].reasons if r.startswith("id_differs_from")]


def test_an_id_read_with_a_digit_too_many_takes_the_id_another_paper_gives_the_same_name():
    def ids(form_id: str, form_name: str) -> tuple:
        docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
            [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001204706930", 600)], [("Họ và tên: LÊ VĂN AN", 600)]]))),
            Document("d", "application_form", 1.0, [("b.png", 1)], fields_of("application_form", page([
                [("TỜ KHAI", 900)], [(f"Họ, chữ đệm và tên khai sinh: {form_name}", 200)],
                [(f"Số định danh cá nhân: {form_id}", 200)]])))]
        cross_check(docs, 0.8)
        return docs[1].fields["applicant_personal_id"]

    form = ids("0012047096930", "LÊ VĂN AN")  # a box wall read as a 9
    assert form.value == "001204706930" and form.flagged and "id_from:d/1" in form.reasons
    assert "id_not_12_digits" not in form.reasons
    # another name: the reading stays as it is, flagged
    form = ids("0012047096930", "TRẦN THỊ BÌNH")
    assert form.value == "0012047096930" and form.flagged and not [r for r in form.reasons if r.startswith("id_from")]
    # the same name, but no id one digit short of it: not this rule's; the name gives the id (value_from)
    form = ids("0012047096931", "LÊ VĂN AN")
    assert not [r for r in form.reasons if r.startswith("id_from")] and "value_from:d/1" in form.reasons


def card_and_form(card_lines: list[str], form_name: str = "Trần Thị Bình", form_id: str = "001189012345",
                  ) -> tuple[Document, Document]:
    docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page(
        [[("CĂN CƯỚC CÔNG DÂN", 900)]] + [[(text, 600)] for text in card_lines]))),
        Document("d", "application_form", 1.0, [("b.png", 1)], fields_of("application_form", page([
            [("TỜ KHAI", 900)], [(f"Họ, chữ đệm và tên khai sinh: {form_name}", 200)],
            [(f"Số định danh cá nhân: {form_id}", 200)]])))]
    cross_check(docs, 0.8)
    return docs[0], docs[1]


def test_a_fact_lost_on_one_paper_is_taken_flagged_from_a_paper_that_names_the_same_person():
    # the card's id read, its name lost under blur: the form gives that id a name
    card, form = card_and_form(["Số: 001189012345", "Ngày sinh: 01/02/1989"])
    name = card.fields["full_name"]
    assert name.value == "Trần Thị Bình" and name.flagged and name.reasons == ["value_from:d/2"]
    assert name.bbox is None  # not on the card's page
    # the card's name read, its id garbled: the form gives that name an id
    card, form = card_and_form(["Số: 0320235", "Họ và tên: TRẦN THỊ BÌNH"])
    pid = card.fields["personal_id"]
    assert pid.value == "001189012345" and pid.flagged and "value_from:d/2" in pid.reasons
    assert "id_not_12_digits" not in pid.reasons
    assert not form.fields["applicant_personal_id"].flagged  # the form's reading is untouched


def test_no_fact_is_taken_from_a_paper_about_another_person_or_one_in_doubt():
    # another name and no id to tie them: nothing is taken
    card, _ = card_and_form(["Số: 0320235", "Họ và tên: LÊ VĂN AN"])
    assert card.fields["personal_id"].value == "0320235" and card.fields["personal_id"].flagged
    # the same name, but another date of birth read cleanly on both papers: two people
    docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
        [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 0320235", 600)], [("Họ và tên: TRẦN THỊ BÌNH", 600)],
        [("Ngày sinh: 01/02/1989", 600)]]))),
        Document("d", "residence_confirmation", 1.0, [("c.png", 1)], fields_of("residence_confirmation", page([
            [("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 600)], [("Họ, chữ đệm và tên: TRẦN THỊ BÌNH", 200)],
            [("Ngày, tháng, năm sinh: 05/07/1990", 200)], [("Số định danh cá nhân: 001190012345", 200)]])))]
    cross_check(docs, 0.8)
    assert docs[0].fields["personal_id"].value == "0320235"
    # the id read cleanly on the card and another on the form: two people, the name is not taken
    card, _ = card_and_form(["Số: 001089012345"])
    assert card.fields["full_name"].value is None
    # a value the other paper read in doubt ('name_marks_suspect') is not given
    card, _ = card_and_form(["Số: 001189012345"], form_name="NGUYÊN THỊ BÌNH")
    assert card.fields["full_name"].value is None


def test_a_sex_lost_or_guessed_against_the_id_is_taken_from_the_ids_fourth_digit():
    card, _ = card_and_form(["Số: 001189012345", "Ngày sinh: 01/02/1989"])
    sex = card.fields["sex"]
    assert sex.value == "Nữ" and sex.flagged and sex.reasons == ["sex_from_id"]
    # read in doubt against an id whose century and year agree with the birth date: the id wins
    docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
        [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001189012345", 600)], [("Ngày sinh: 01/02/1989", 600)],
        [("Giới tính: Nam", 600)]], conf=50.0)))]
    cross_check(docs, 0.8)
    assert docs[0].fields["sex"].value == "Nữ" and "sex_from_id" in docs[0].fields["sex"].reasons
    assert "id_sex_digit_mismatch" not in docs[0].fields["personal_id"].reasons
    # read surely: the disagreement stays, flagged on both
    docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page([
        [("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001189012345", 600)], [("Ngày sinh: 01/02/1989", 600)],
        [("Giới tính: Nam", 600)]])))]
    cross_check(docs, 0.8)
    assert docs[0].fields["sex"].value == "Nam" and "id_sex_digit_mismatch" in docs[0].fields["sex"].reasons


def test_a_date_long_after_the_dossier_was_received_is_flagged_as_misread():
    def residence(issued: str, dossier: str = "hs 000.29.33.H17-230313-0169", receipt: str | None = None):
        docs = [Document(dossier, "residence_confirmation", 1.0, [("a.png", 1)], fields_of("residence_confirmation", page([
            [("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 600)], [("Họ, chữ đệm và tên: TRẦN THỊ BÌNH", 200)],
            [(f"Nam Định, ngày {issued}", 700)]])))]
        if receipt:
            docs.append(Document(dossier, "receipt", 1.0, [("b.png", 1)], fields_of("receipt", page([
                [("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                [(f"Thời gian nhận hồ sơ: 08 giờ 55 phút, ngày {receipt}", 200)]]))))
        cross_check(docs, 0.8)
        return docs[0].fields["issue_date"]

    # the code in the dossier's name dates it 13/03/2023: '2025' is the year misread
    late = residence("15 tháng 3 năm 2025")
    assert late.value == "2025-03-15" and late.flagged and "after_dossier_received" in late.reasons
    # issued two days after the reception (a result of the procedure), or years before: as read
    for issued in ("15 tháng 3 năm 2023", "15 tháng 3 năm 2021"):
        assert "after_dossier_received" not in residence(issued).reasons
    # no code in the name: the receipt's received date dates the dossier
    late = residence("15 tháng 3 năm 2025", dossier="Hồ sơ Trần Thị Bình", receipt="13/03/2023")
    assert "after_dossier_received" in late.reasons
    assert "after_dossier_received" not in residence("15 tháng 3 năm 2025", dossier="Hồ sơ Trần Thị Bình").reasons


def test_a_declaration_signed_after_its_dossier_was_received_is_flagged_as_misread():
    def submitted(signed: str):
        docs = [Document("hs 000.29.33.H17-250309-0169", "application_form", 1.0, [("a.png", 1)],
                         fields_of("application_form", page([
                             [("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", 600)], [("Họ, chữ đệm và tên: TRẦN THỊ BÌNH", 200)],
                             [(f"Nam Định, ngày {signed}", 700)]])))]
        cross_check(docs, 0.8)
        return docs[0].fields["submission_date"]

    # received 09/03/2025 (the code in its name): a form dated two months later is misread ('05' for '03')
    late = submitted("09 tháng 05 năm 2025")
    assert late.value == "2025-05-09" and late.flagged and "after_dossier_received" in late.reasons
    for signed in ("09 tháng 03 năm 2025", "06 tháng 03 năm 2025"):  # on the day, or days before
        assert "after_dossier_received" not in submitted(signed).reasons


def test_a_relationship_one_letter_off_with_its_tones_is_that_entry_misread_and_flagged():
    assert snap_near("relationship", "Vự") == "Vợ"  # ơ read as ư, the dot kept
    assert snap_near("relationship", "Chủ hệ") == "Chủ hộ"
    # another tone, an entry as read, or several entries as near: not put right
    for value in ("Vú", "Vợ", "Cỏn", "Bả", "hộ"):
        assert snap_near("relationship", value) is None
    lines = page([[("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 600)], [("Quan hệ với chủ hộ: Vự", 200)]])
    f = fields_of("residence_confirmation", lines, "GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ")["relationship_to_head"]
    assert f.value == "Vợ" and f.flagged and "vocabulary_repaired" in f.reasons


RESIDENCE_TITLE = "GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ"


def residence_with_members(body: list[str], rows: list[str]) -> dict:
    lines = [[(RESIDENCE_TITLE, 600)]] + [[(text, 200)] for text in body] + [
        [("10. Thông tin thành viên hộ gia đình:", 200)],
        [("STT Họ, chữ đệm và tên Ngày sinh Giới tính Số định danh cá nhân Quan hệ với chủ hộ", 200)]] + \
        [[(row, 200)] for row in rows] + [[("Giấy xác nhận này có giá trị 30 ngày kể từ ngày cấp.", 200)]]
    return fields_of("residence_confirmation", page(lines), RESIDENCE_TITLE)


def test_a_residence_papers_facts_lost_at_their_labels_are_read_from_its_member_table():
    # the fill-ins faded away, the table did not: its one row is the person's, and the head's
    faded = ["1. Họ, chữ đệm và tên:", "2. Ngày, tháng, năm sinh: 3. Giới tính:", "4. Số định danh cá nhân:",
             "8. Họ, chữ đệm và tên chủ hộ: .....", "9. Quan hệ với chủ hộ: ..."]
    f = residence_with_members(faded, ["1 NGUYỄN ĐÌNH SƠN 02/07/1966 Nam 001066579605 Chủ hộ"])
    for key, value in (("full_name", "NGUYỄN ĐÌNH SƠN"), ("date_of_birth", "1966-07-02"), ("sex", "Nam"),
                       ("personal_id", "001066579605"), ("household_head_name", "NGUYỄN ĐÌNH SƠN"),
                       ("relationship_to_head", "Chủ hộ")):
        assert f[key].value == value and f[key].flagged and "member_table_row" in f[key].reasons, key
    # several rows: the person's is the one with the name read at its label; the head's is 'Chủ hộ'
    f = residence_with_members(["1. Họ, chữ đệm và tên: PHẠM THỊ MINH AN", "2. Ngày, tháng, năm sinh: 20/4I1985"],
                               ["1 DƯƠNG TIẾN HOÀNG 26/12/1947 Nam 079047168640 Chủ hộ",
                                "2 PHẠMTHỊMINHAN 20/04/1985 Nữ 036185646374 Con dâu"])
    assert f["date_of_birth"].value == "1985-04-20" and "member_table_row" in f["date_of_birth"].reasons
    assert f["household_head_name"].value == "DƯƠNG TIẾN HOÀNG"
    # two rows printed, the person's not readable and the name not read: no row is taken for theirs
    f = residence_with_members(["2. Ngày, tháng, năm sinh: 20/4I1985"],
                               ["1 DƯƠNG TIẾN HOÀNG 26/12/1947 Nam 079047168640 Chủ hộ",
                                "2 phạm thị an 20/04/1985 Nữ 0361856463 Con dâu"])
    assert f["date_of_birth"].value is None or f["date_of_birth"].value != "1947-12-26"


def test_a_name_with_a_syllable_that_is_also_a_word_of_the_forms_is_a_name():
    from digitize import plausible
    from digitize.validate import SURNAME_KEYS
    for name in ("NGUYỄN ĐÌNH SƠN", "TRẦN QUAN HUY", "LÊ VIÊN ANH"):
        assert plausible.check_name(name, SURNAME_KEYS) == [], name
    assert "name_implausible" in plausible.check_name("Các thành viên khác trong hộ gia đình gồm", SURNAME_KEYS)


def test_a_citys_period_read_in_doubt_or_lost_beside_dotted_units_follows_the_others_flagged():
    def residence(text: str, conf: float = 96.0) -> object:
        p = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Nơi thường trú: 24 Hai Bà Trưng, Linh Trung, Thủ Đức,", 900)],
                  [(text, 900)]])
        for w in p.words:
            if w.text == "TP.":
                w.conf = conf
        return fields_of("cccd", p, "CĂN CƯỚC CÔNG DÂN")["place_of_residence"]
    # the card prints 'TP Hồ Chí Minh': Tesseract adds the period it mostly sees, less surely
    # (no other unit abbreviated): it is written bare, as the other units are, to confirm
    f = residence("TP. Hồ Chí Minh", conf=85.0)
    assert f.value.endswith("Thủ Đức, TP Hồ Chí Minh") and f.flagged and "period_doubtful" in f.reasons
    f = residence("TP. Hồ Chí Minh")  # read surely: as read
    assert f.value.endswith("TP. Hồ Chí Minh") and "period_doubtful" not in f.reasons
    # in doubt beside 'P.' and 'Q.', it keeps the period they have
    p = page([[("TỜ KHAI", 900)], [("Nơi cư trú: Số 36 ngõ 211 đường Bạch Mai, P. Trúc Bạch, Q. Ba Đình, TP. Hà Nội", 200)]])
    p.words[-3].conf = 85.0
    f = fields_of("application_form", p)["applicant_address"]
    assert f.value.endswith("Q. Ba Đình, TP. Hà Nội") and "period_doubtful" in f.reasons
    p = page([[("TỜ KHAI", 900)], [("Nơi cư trú: Số 36 ngõ 211 đường Bạch Mai, P. Trúc Bạch, Q. Ba Đình, TP Hà Nội", 200)]])
    f = fields_of("application_form", p)["applicant_address"]
    assert f.value.endswith("Q. Ba Đình, TP. Hà Nội")  # 'TP' bare beside 'P.' and 'Q.': its period lost
    assert f.flagged and "period_doubtful" in f.reasons


def test_a_period_for_a_comma_after_a_wards_number_is_put_right_and_flagged():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Quê quán: Phường 7. Gò Vấp, Hồ Chí Minh", 900)],
                 [("Nơi thường trú: 12 Lê Lợi, P. Bến Nghé, Q. 1, TP. Hồ Chí Minh", 900)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["place_of_origin"].value == "Phường 7, Gò Vấp, Hồ Chí Minh"
    assert f["place_of_origin"].flagged and "separator_repaired" in f["place_of_origin"].reasons
    assert f["place_of_residence"].value == "12 Lê Lợi, P. Bến Nghé, Q. 1, TP. Hồ Chí Minh"
    assert "separator_repaired" not in f["place_of_residence"].reasons


def test_a_procedure_word_read_with_another_mark_is_put_right_and_flagged():
    receipt = page(HEADER + [[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                             [("Nội dung yêu cầu giải quyết: Cấp đối thẻ Căn cước", 200)]])
    f = fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["procedure_name"]
    assert f.value == "Cấp đổi thẻ Căn cước" and f.flagged and "phrase_repaired" in f.reasons
    right = page(HEADER + [[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                           [("Nội dung yêu cầu giải quyết: Đăng ký thường trú", 200)]])
    f = fields_of("receipt", right, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["procedure_name"]
    assert f.value == "Đăng ký thường trú" and "phrase_repaired" not in f.reasons


def test_a_long_body_phrase_counts_with_a_letter_misread():
    # 'Sơ đồ thửa đất' read 'sơ đề thửa đất': the mark changed the letter under it
    inner = page([[("v- sơ đề thửa đất .7", 300)], [("BẢNG KÊ TỌA ĐỘ", 300)]])
    assert classify_page(inner).doc_type == "land_use_certificate"
    # short phrases stay exact: one misread letter makes them other words
    assert classify_page(page([[("Thửa đát số 12", 300)]])).doc_type == "unknown"


def test_the_old_identity_card_title_counts_after_a_speck():
    cmnd = page([[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300)], [("Sư GIẦY CHỪNG MÌNH NHÂN DÂN", 300)],
                 [("Số 044322589", 300)]])
    assert classify_page(cmnd).doc_type == "cccd"


def test_a_title_that_noise_added_letters_to_still_counts():
    # a black-and-white scan under heavy noise: letters doubled inside the title, specks before it
    death = page([[("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 200)], [("XÃ LÊ LỢI Độc lập - Tự do", 500)],
                  [("¬. _ Ãỗ TRCHLỤUCKHAIITỦU ” .", 300)], [("Họ, chữ đệm, tên: VŨ NGỌC YẾN", 300)]])
    assert classify_page(death).doc_type == "death_certificate"


def test_the_unit_under_the_signature_is_read_through_the_specks_of_the_seal():
    land = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC", 500)],
                 [("Nghệ An, ngày 10 tháng 7 năm 2019", 1300)], [("TM. ỦY BAN NHÂN DÂN", 1400)],
                 [("zZ:HUỲỆN QUỲNH LƯU", 1380)], [("/ 2, KENHU TỊCH", 1400)]])
    f = fields_of("land_use_certificate", land, "GIẤY CHỨNG NHẬN")["issuing_authority"]
    assert f.value == "Ủy ban nhân dân huyện Quỳnh Lưu" and f.flagged and "admin_unit_repaired" in f.reasons


def test_an_address_goes_on_past_unit_abbreviations_and_a_left_column_label():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001089012345", 900)],
                 [("Quê quán: Xã Tiên Dược, huyện Sóc Sơn,", 900)], [("thành phố Hà Nội", 900)],
                 [("Nơi thường trú: Số 67 đường Võ Văn Ngân, P. 3,", 900)],
                 [("Q. Bình Thạnh, TP. Hồ Chí Minh, Phường Bình Thủy, Quận Bình Thủy, Thành", 900)],
                 [("Có giá trị đến:", 200), ("phố Cần Thơ", 900)], [("31-12-2039", 200)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["place_of_residence"].value.startswith("Số 67 đường Võ Văn Ngân, P. 3, Q. Bình Thạnh")
    assert f["place_of_residence"].value.endswith("Quận Bình Thủy, Thành phố Cần Thơ")
    assert f["expiry_date"].value == "2039-12-31"


def test_an_address_that_reached_its_province_stops_and_specks_after_it_are_cut():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Quê quán: Phường Bình Thủy, quận Bình Thủy,", 900)],
                 [("thành phố Cần Thơ", 900)], [("4 —Tể sa ‹‹‹-¬‹5‹ Ão*‡x<Ê‹XS. H. Gia Lâm, TP.", 900)],
                 [("Nơi thường trú: Kim Mã, Ba Đình, Hà Nội Ộ", 900)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["place_of_origin"].value == "Phường Bình Thủy, quận Bình Thủy, thành phố Cần Thơ"
    assert f["place_of_residence"].value == "Kim Mã, Ba Đình, Hà Nội"
    assert f["place_of_residence"].flagged and "address_tail_cut" in f["place_of_residence"].reasons
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Nơi thường trú: Thôn Nam, Diễn ˆ Thành, Diễn Châu, Nghệ An", 900)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_residence"]
    assert f.value == "Thôn Nam, Diễn Thành, Diễn Châu, Nghệ An" and f.flagged and "specks_dropped" in f.reasons


def test_a_date_whose_year_wrapped_onto_the_next_line_is_read_whole():
    p = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
              [("5. Thời gian trả kết quả giải quyết hồ sơ: 15 giờ 30 phút, ngày 10 tháng 05 năm", 200)],
              [("2024", 1300)]])
    f = fields_of("receipt", p, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    assert f["appointment_date"].value == "2024-05-10"


def test_a_misread_column_header_is_the_one_left_beside_the_others():
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 900)], [("Chồng", 1100), ("Vự", 1800)],
              [("Họ, chữ đệm, tên", 200), ("DƯƠNG CÔNG ĐỨC", 900), ("HOÀNG HẢI AN", 1600)],
              [("Ngày, tháng, năm sinh", 200), ("28/09/1994", 900), ("23/11/1983", 1600)],
              [("Chồng", 500), ("Vợ", 1500)], [("(Ký, ghi rõ họ, chữ đệm, tên)", 200)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["wife_name"].value == "HOÀNG HẢI AN" and f["wife_date_of_birth"].value == "1983-11-23"
    assert f["husband_name"].value == "DƯƠNG CÔNG ĐỨC"


def test_the_issuing_body_is_read_through_a_seal_that_hides_its_type_word():
    def authority(rows):
        land = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC", 500)],
                     [("Cẩm Phả, ngày 25 tháng 01 năm 2023", 1300)], *rows])
        return fields_of("land_use_certificate", land, "GIẤY CHỨNG NHẬN")["issuing_authority"]

    f = authority([[("z ệ TM. UY BẠN NHAN DAN", 1400)], [("No; 7 HUYỆN AN DƯƠNG", 1380)]])
    assert f.value == "Ủy ban nhân dân huyện An Dương" and f.flagged and "phrase_repaired" in f.reasons
    f = authority([[("TM. ỦY BAN NHÂN DÂN", 1400)], [("Ê w 2# //", 1380)]])  # the unit line lost: the place of signing
    assert f.value == "Ủy ban nhân dân thành phố Cẩm Phả" and f.flagged and "admin_unit_repaired" in f.reasons
    f = authority([[("TM. ỦY BAN NHÂN DÂN", 1400)], [("+ ANRH*EHỐ CẨM PHẢ", 1380)]])
    assert f.value == "Ủy ban nhân dân thành phố Cẩm Phả" and f.flagged and "admin_unit_repaired" in f.reasons
    f = authority([[("TM. ỦY BAN NHÂN DÂN", 1400)], [("⁄/.„ -THỊXÃ HƯƠNG THỦY", 1380)]])
    assert f.value == "Ủy ban nhân dân thị xã Hương Thủy"
    f = authority([[("TM. ỦY BAN NHÂN DÂN", 1400)], [("Ñ bì ận BÌNH THẠNH", 1380)]])
    assert f.value == "Ủy ban nhân dân quận Bình Thạnh" and f.flagged
    f = authority([[("TM. ỦY BAN NHÂN DÂN", 1400)], [("THANH PHO LONG XUYEN", 1380)]])
    assert f.value == "Ủy ban nhân dân thành phố Long Xuyên" and f.flagged
    f = authority([[("TM. ỦY BAN NHÂN DẬN-XÃ GIAO LẠC", 1400)]])
    assert f.value == "Ủy ban nhân dân xã Giao Lạc" and f.flagged
    # the body's own words misread where the seal crosses them, behind more specks than a few
    f = authority([[("TM UY, BẠN NHÂN DẪN", 1200)], [("„/THĂNHRHỐ NAM ĐỊNH", 1100)], [("KRGH TỊCH", 1300)]])
    assert f.value == "Ủy ban nhân dân thành phố Nam Định" and f.flagged and "phrase_repaired" in f.reasons
    f = authority([[("lì - \\ ¬ I 1M. ỦY BAN NHÂN DÂN", 700)], [("N N sŸ QUẬN 3", 700)]])
    assert f.value == "Ủy ban nhân dân quận 3" and not f.flagged
    f = authority([[('"Nm _T~ Yím S(m)', 100), ("Ti. UY BẠN NHÂN DẪN QUẦN 4", 1200)], [("KT CHỦ TỊCH", 1400)]])
    assert f.value == "Ủy ban nhân dân quận 4" and f.flagged
    f = authority([[(", THANH PHO THANH HOA", 1100)], [("BÙI VĂN NHÂN", 1300)]])
    assert f.value is None  # a name in capitals is no body


def test_an_issuing_bodys_name_loses_what_is_not_its_own():
    from digitize.adminunits import repair_unit_type
    from digitize.extract import authority_name

    def body(raw):
        return repair_unit_type(authority_name(raw))

    assert body("ỦY BAN NHÂN DÂN QUẬN 3") == "Ủy ban nhân dân quận 3"  # the district 'Quận 3' names its type
    assert body("Ủy ban nhân dân quậnNinh Kiều") == "Ủy ban nhân dân quận Ninh Kiều"
    assert body("Tm.ủy ban nhân dân thành phố Bắc Ninh") == "Ủy ban nhân dân thành phố Bắc Ninh"
    assert body("ỦY BAN NHÂN DÂN PHƯỜNG LINH TRUNG ⁄ˆ+") == "Ủy ban nhân dân phường Linh Trung"
    assert body("Công an tỉnh Bắc Ninh") == "Công an tỉnh Bắc Ninh"
    assert body("ỦY BAN NHÂN DÂN. QUẬN GÒ VẤP.") == "Ủy ban nhân dân quận Gò Vấp"  # a period read after 'DÂN'
    assert authority_name("⁄ˆ+ ¬") == ""  # specks alone: no name (once an error that failed the dossier)


def test_the_words_of_a_committee_misread_before_its_unit_are_put_back():
    from digitize.adminunits import repair_committee

    for read in ("Ủy⁄øạn nhân tiện", "Hn tl ờn ủy ban nhân dân", "T ng ï - ạn nhân dân", "Ủy bar.riirân dân"):
        assert repair_committee(f"{read} phường 4") == "Ủy ban nhân dân phường 4"
    for other in ("Công an phường 4", "Sở Tư pháp tỉnh Nghệ An", "Văn phòng đăng ký đất đai thành phố Huế",
                  "Ủy ban nhân dân phường 4", "Cu dân phường 4"):
        assert repair_committee(other) == other


def test_small_misreads_of_sex_form_of_address_and_a_wrapped_label():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Họ và tên / Fưii name NGUYỄN KIM THẢO", 900)],
                 [("Giới tính: NữỮ_ Quốc tịch / Nationality: Việt Nam", 900)],
                 [("Quê quán: 7 Place of origin: Tân Hiệp, Biên Hòa, Đồng Nai", 900)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["sex"].value == "Nữ" and f["place_of_origin"].value == "Tân Hiệp, Biên Hòa, Đồng Nai"
    assert f["full_name"].value == "NGUYỄN KIM THẢO" and f["nationality"].value == "Việt Nam"
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Giới tính / Sex: Nữ Quốc tịch! Nationatty. Việt Nam", 900)]])
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["nationality"].value == "Việt Nam"
    receipt = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                    [("Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân phường Mỹ Bình tiếp nhận hồ sơ", 200)],
                    [("CỦa:", 200)], [("Ông/bà: Nguyễn Phương Vân", 200)]])
    f = fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    assert f["applicant_name"].value == "Nguyễn Phương Vân"
    receipt = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                    [("Tiếp nhận hồ sơ của: Ông hà NGUYỄN QUANG BẢO THÀNH", 200)]])
    f = fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    assert f["applicant_name"].value == "NGUYỄN QUANG BẢO THÀNH"
    receipt = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                    [("Tiếp nhận hồ sơ của: Ôngfbà Phạm Đình Sơn", 200)]])  # the slash read as an 'f'
    assert fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["applicant_name"].value == "Phạm Đình Sơn"
    receipt = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                    [("Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân phường Giảng Võ tiếp nhận hồ sơ của:", 200)],
                    [("Ông/b¿: BÙI DIỆU THẢO", 200)]])  # the 'à' read as a speck
    assert fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["applicant_name"].value == "BÙI DIỆU THẢO"
    receipt = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)], [("Ông/bà: Nguyễn Diệu Chỉ", 200)],
                    [("Địa chỉ: Thôn Đông, xã Hòa An, huyện Krông Pắc, tỉnh Đắk Lắk", 200)]])
    # 'Diệu Chỉ' is letter for letter near 'Địa chỉ', but a name's words are capitalised
    assert fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["applicant_name"].value == "Nguyễn Diệu Chi"
    receipt = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                    [("Tiếp nhận hồ sơ của: Ông bhà Phan Bá Thành", 200)]])  # an 'h' read into 'bà'
    assert fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")["applicant_name"].value == "Phan Bá Thành"


def test_a_bracket_read_against_the_end_of_a_code_is_no_part_of_it():
    receipt = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)],
                    [("Mã hồ sơ: 000.18.19.H42-240918-0111)", 200)], [("Số: (0111/TNHS.", 200)]])
    f = fields_of("receipt", receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    assert f["dossier_code"].value == "000.18.19.H42-240918-0111"


def test_a_register_number_opening_with_a_letter_against_its_digits_is_flagged():
    from digitize.extract import shape_reasons

    assert shape_reasons("code", "R7", ("Số",)) == ["number_implausible"]  # '87' with its 8 read 'R'
    for ok in ("87", "255/2024", "04/2024-KS", "DB 827481", "12/TLKH-KS"):
        assert shape_reasons("code", ok, ("Số",)) == [], ok


def test_a_page_that_prints_the_end_of_the_motto_in_capitals_starts_a_document():
    first = page([[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 500)], [("Mã hồ sơ: 000.00.18.H56-241115-0001", 200)]])
    dark = page([[("=—- ... | HA; ÿ ÔNGhòn XỔ Cựủ NGHĨA VIỆT NAM.", 600)], [("¡an - Ò + GOĂN ĐƯỚC-CÔNG DÂN", 600)],
                 *[[("junk ‹‹ ›› , .", 600)]] * 8])
    groups = group_pages([classify_page(first), classify_page(dark)], [False, False])
    assert [g.pages for g in groups] == [[0], [1]]


def test_a_blurred_card_whose_labels_did_not_read_is_read_by_place_and_shape_and_flagged():
    card = page([[("CỘNG HÒA XÃ MỘI CHỦ NGHĨA VIỆT NAM", 900)], [("CĂN CƯỚC CÔNG DÂN", 900)],
                 [("N ss 001071959652", 900)], [("| Họ votên NGUYỄN MẠNH HUY", 900)],
                 [("Moày máng nêm can 26/05/1971", 900)], [("Giớ rô Nam Quốc ch Việt Nam", 900)],
                 [("Quê quán: Ô Chợ Dừa, Đống Đa, Hà Nam", 900)], [("Cø me m đến", 200)], [("26/05/2031", 200)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    expected = {"full_name": "NGUYỄN MẠNH HUY", "date_of_birth": "1971-05-26", "sex": "Nam", "nationality": "Việt Nam"}
    for key, value in expected.items():
        assert f[key].value == value and f[key].flagged and "label_not_read" in f[key].reasons, key
    assert f["expiry_date"].value == "2031-05-26"


def test_a_faded_cards_particulars_are_read_by_place_where_its_number_and_captions_misread():
    # the number read with a digit too many, an '0' with a mark, the captions as junk
    card = page([[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 900)], [("Độc lập - Tự do - Hạnh phúc", 900)],
                 [("8À... 0220967944470", 900)], [("f+; PHẠM THẾ THÀNH", 900)],
                 [("*já¿ tháng, nằm ch: 1Ô-04-1967", 900)], [("„5s. Nam 2csc''e*: Việt Nam", 900)],
                 [("¬ cá“ Câm Trung, Cẩm Phả, Quảng Ninh", 900)],
                 [("Nơi thường trú: Số 15, Ngõ 84, Phố Lê Thanh Nghị, Phường Láng Hạ, Quận Đống Đa,", 900)],
                 [("Thành phố Hà Nội", 900)], [("10-04-2027", 900)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    expected = {"full_name": "PHẠM THẾ THÀNH", "date_of_birth": "1967-04-10", "place_of_origin": "Cẩm Trung, Cẩm Phả, Quảng Ninh"}
    for key, value in expected.items():
        assert f[key].value == value and f[key].flagged and "label_not_read" in f[key].reasons, key
    assert f["expiry_date"].value == "2027-04-10"  # the 60th birthday of the date of birth
    # the place of origin under the nationality, up to the residence's caption, its caption's junk left out
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 092079611086", 900)], [("Họ và tên: NGUYỄN GIA TRỌNG", 900)],
                 [("Giới tính: Nam Quốc tịch: Việt Nam", 900)], [("-... m. THanh Xã Hải Anh, huyện Hải Hậu, tỉnh", 900)],
                 [("Nam Định", 900)], [("Nơi thường trú: Ấp Quyết Tiến, Xã Hòa Ninh, Huyện Hòa Vang, Thành phố Đà Nẵng", 900)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert f["place_of_origin"].value == "Xã Hải Anh, huyện Hải Hậu, tỉnh Nam Định"
    assert "label_not_read" in f["place_of_origin"].reasons


def test_a_cards_nationality_after_its_caption_read_with_a_comma_is_read_and_after_a_place_is_not():
    def nationality(line: str) -> str | None:
        card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001071959652", 900)], [(line, 900)]])
        return fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["nationality"].value
    assert nationality("Giới tính: NỮ _ Quốc ch, Việt Nam :") == "Việt Nam"  # 'tịch' misread, its colon a comma
    assert nationality("Nguyên quán: Hà Nội - Việt Nam") is None  # an old card's place of origin
    assert nationality("Quê quán: Hà Nội, Việt Nam") is None


def test_a_cards_id_whose_label_did_not_read_is_whole_though_read_in_two_groups():
    # 'Số:' read 'sø:', and the number's first digits read as a word of their own: no 9-digit
    # CMND is taken from its end
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("sø: 092 193480971", 900)], [("Họ và tên: NGUYỄN THU PHƯƠNG", 900)],
                 [("Ngày, tháng, năm sinh: 30/09/1993", 900)], [("Giới tính: Nữ Quốc tịch: Việt Nam", 900)]])
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["personal_id"].value == "092193480971"


def test_an_id_taken_past_an_unreadable_one_at_the_same_label_is_flagged():
    def holder_id(first_id: str):
        p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)],
                  [(f"Bà: PHẠM THỊ HOÀNG HỒNG, sinh năm: 1980, CCCD số: {first_id}; Địa chỉ thường trú:", 200)],
                  [("Và chồng: Ông: HỒ BÁ TRỌNG, sinh năm: 1962, CCCD số: 092062604961", 200)]])
        return fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN")["holder_personal_id"]

    f = holder_id("0791802106539")  # a digit too many: the husband's id is the next that reads
    assert f.value == "092062604961" and f.flagged and "first_label_unreadable" in f.reasons
    f = holder_id("079180210639")
    assert f.value == "079180210639" and "first_label_unreadable" not in f.reasons


def test_land_serial_with_the_letter_d_stroke():
    """Serials are two letters of the Vietnamese alphabet: 'CĐ 619691' is one (Đ is no A-Z)."""
    p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)],
              [("Bà: LÊ DIỆU YẾN, sinh năm: 1959, CMND số: 194828359", 200)],
              [("CĐ 619691", 1600)]])
    assert fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["certificate_serial"].value == "CĐ 619691"
    # a speck of the red print between letters and digits is no part of the serial
    for printed in ("CĐ) 619691", "Số phát hành: CĐÍ 619691"):
        p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)], [(printed, 1600)]])
        assert fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN")["certificate_serial"].value == "CĐ 619691"


def test_a_quote_speck_inside_an_areas_number_is_dropped_and_flagged():
    """"c) Diện tích: 1'74 m2": parsed as it was read, the area was 1, unflagged (seed 239)."""
    p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)], [("c) Diện tích: 1'74 m2", 200)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["area_m2"]
    assert f.value == "174" and f.flagged and "specks_dropped" in f.reasons


def test_a_header_behind_punch_hole_specks_still_starts_a_document():
    """'ể ỦY BAN NHÂN DÂN ...': a speck read as a letter before the header must not hide it,
    or a fee receipt after a certificate is taken for its next page."""
    receipt = page([[("ể", 60), ("ỦY BAN NHÂN DÂN PHƯỜNG PHƯỚC NINH", 200), ("Mẫu số: 01BLP2-001", 1500)],
                    [(":", 60), ("BIÊN LAI THU PHÍ, LỆ PHÍ", 800)],
                    [("Tên đơn vị hoặc người nộp tiền: Phạm Tuấn Khoa", 200)]])
    pc = classify_page(receipt)
    assert pc.starts_document and pc.doc_type == "unknown"


def test_a_papers_title_whose_first_word_a_shadow_misread_still_starts_a_document():
    """'BIÊN LAI' read 'LÊN LAI' at a dark corner, its header lost in it (seed 199): the fee
    receipt in a file of its own had gone on the marriage certificate before it."""
    lines = [[("_—..- số: 01BLP2-001", 1400)], [("„LÊN LAI THU PHÍ, LỆ PHÍ", 700)],
             [("_.- (Liên 2: Giao cho người nộp tiền)", 800)], [(".gười nộp tiền: Nguyễn Mạnh Khánh Trung", 200)]]
    pc = classify_page(page(lines))
    assert pc.starts_document and pc.doc_type == "unknown"
    # the words after a misread first one must be the opening's own: 'LÊN LAI' alone is not enough
    lines[1] = [("„LÊN LẠNH THU PHÍ, LỆ PHÍ", 700)]
    assert not classify_page(page(lines)).starts_document


MARRIAGE_TABLE = HEADER[:2] + [
    [("Số: 4", 200)], [("GIẤY CHỨNG NHẬN KẾT HÔN", 900)],
    [("Chồng", 1000), ("Vợ", 1700)],
    [("Họ, chữ đệm, tên", 200), ("NGUYỄN VĂN VINH", 1000), ("NGUYỄN THU NGỌC", 1700)],
    [("Ngày, tháng, năm", 200), ("ngày 14 tháng 03 năm 1994", 1000), ("ngày 06 tháng 10 năm 1984", 1700)],
    [("sinh", 200)],
    [("Giấy tờ tùy thân", 200), ("CCCD số 079094348681", 1000), ("CCCD số 036184511259", 1700)],
    [("Nơi đăng ký kết hôn: Ủy ban nhân dân thị trấn Trảng Bom", 200)],
    [("Ngày, tháng, năm đăng ký: ngày 27 tháng 05 năm 2025", 200)],
]


def test_a_label_printed_as_it_is_goes_before_a_look_alike_read_into_another_row():
    """'Ngày, tháng, năm' + 'ngày 14 ...' of the birth row reads like 'Ngày, tháng, năm đăng ký'
    (88): the label printed further down, exactly, is the registration date's."""
    f = fields_of("marriage_certificate", page(MARRIAGE_TABLE), "GIẤY CHỨNG NHẬN KẾT HÔN")
    assert f["registration_date"].value == "2025-05-27"
    assert f["husband_date_of_birth"].value == "1994-03-14"
    assert not any(r.startswith("same_words_as") for v in f.values() for r in v.reasons)


def test_two_fields_read_from_the_same_words_are_both_flagged():
    """A registration date taken from the birth row (its own label lost) is a date, valid and
    after nothing: only the words it shares with the date of birth give it away."""
    rows = [r for r in MARRIAGE_TABLE if "đăng ký:" not in r[0][0]]
    rows.append([("Ngày, tháng, năm đăng k", 200)])  # the label's end and the value lost
    f = fields_of("marriage_certificate", page(rows), "GIẤY CHỨNG NHẬN KẾT HÔN")
    reg, dob = f["registration_date"], f["husband_date_of_birth"]
    assert reg.value == dob.value == "1994-03-14"  # the look-alike label is all that is left
    assert reg.flagged and "same_words_as:husband_date_of_birth" in reg.reasons
    assert dob.flagged and "same_words_as:registration_date" in dob.reasons


def test_a_title_cut_to_its_first_words_is_typed_by_its_body():
    """'GIẤY XÁC NHẬN' with the rest of the title under a dark edge: the body's 'Quan hệ với
    chủ hộ' says which paper it is, flagged as uncertain."""
    p = page([[("GIẤY XÁC NHẬN”R", 900)],
              [("1. Họ, chữ đệm và tên: TRẦN THU HẠNH", 200)],
              [("9. Quan hệ với chủ hộ: Chủ hộ", 200)]])
    pc = classify_page(p)
    assert pc.doc_type == "residence_confirmation" and pc.starts_document and pc.confidence < TYPE_SURE


def test_a_label_not_found_on_a_page_that_reads_badly_is_no_sign_the_field_is_not_printed():
    """A form read as junk (severe noise) holds no label: its optional fields are not found
    and flagged, not called 'not printed' without being flagged."""
    rows = [[("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", 700)],
            [("Họ, chữ đệm và tên khai sinh: TRẦN THU HẠNH", 200)],
            [("Số định danh cá nhân: 079187969461", 200)], [("Hà Nội, ngày 12 tháng 03 năm 2024", 1200)]]
    clean = fields_of("application_form", page(rows))
    assert clean["applicant_phone"].reasons == ["not_printed"] and not clean["applicant_phone"].flagged
    junk = rows + [[("cố g6 cố ga nh hanh. sSa ra. an,", 200)], [("mm scSCcC 6S ghirõhotên", 200)]]
    noisy = page(junk)
    for w in noisy.words[8:]:
        w.conf = 20.0
    f = fields_of("application_form", noisy)
    assert f["applicant_phone"].value is None and f["applicant_phone"].flagged
    assert "not_found" in f["applicant_phone"].reasons


def test_a_label_whose_start_a_shadow_took_is_no_sign_the_field_is_not_printed():
    """A form under a shadow at its left edge (outside seed 192): the phone's and the address's
    labels read from their middle, their values not read after them, are not found and flagged."""
    rows = [[("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", 700)], [("Họ, chữ đệm và tên khai sinh: TRẦN THU HẠNH", 200)],
            [("Số định danh cá nhân: 079187969461", 200)], [("Hà Nội, ngày 12 tháng 03 năm 2024", 1200)],
            [("“thoại liên hệ: 0935.347.3?2", 200)], [("hiện tại: Số 268 đường Đội Cấn, TT. Trâu Quỳ", 200)]]
    f = fields_of("application_form", page(rows))
    for key in ("applicant_phone", "applicant_address"):
        assert f[key].flagged and (f[key].value is not None or "not_found" in f[key].reasons), key
    clean = fields_of("application_form", page(rows[:4]))
    assert clean["applicant_phone"].reasons == ["not_printed"] and not clean["applicant_phone"].flagged


def test_a_letter_or_a_caption_tail_after_the_name_label_gives_way_to_the_name_under_it():
    def name(label_line: str, under: str = "VŨ THANH NHIÊN") -> str | None:
        card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [(label_line, 600)], [(under, 600)]])
        return fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["full_name"].value

    assert name("Họ và tên / Full name: R") == "VŨ THANH NHIÊN"  # a speck read as a capital
    assert name("Họ và tên / Fư name.") == "VŨ THANH NHIÊN"  # the caption whole, its colon a period
    assert name("Họ và tên: TRẦN VĂN BÌNH") == "TRẦN VĂN BÌNH"  # a name on the line is kept
    # what lies under a label of its own is another field, not the name
    assert name("Họ và tên: R", "Ngày sinh: 12/07/1989") == "R"
    # the label's first word in capitals, the caption's tail misread with a digit in it
    assert name("ị : | HỌ vâ tên / Eư nazn9 .") == "VŨ THANH NHIÊN"


def test_a_label_word_ending_a_run_of_capitals_is_the_names_last_word():
    p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)],
              [("Ông: LÊ THANH NAM, sinh năm: 1961, CMND số: 025687763; Địa chỉ", 200)]])
    assert fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN")["holder_name"].value == "LÊ THANH NAM"


def test_a_number_with_more_digits_after_it_and_a_phone_digit_read_as_a_letter_are_flagged():
    p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)],
              [("a) Thửa đất số: 35 1 tờ bản đồ số: 23", 200)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN")
    assert f["parcel_number"].flagged and "number_split" in f["parcel_number"].reasons
    assert not f["map_sheet_number"].flagged
    p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)],
              [("a) Thửa đất số: 2'75 tờ bản đồ số: 4'7", 200)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN")  # a quote mark between digits is a speck
    assert (f["parcel_number"].value, f["map_sheet_number"].value) == ("275", "47") and f["parcel_number"].flagged
    form = page([[("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", 600)], [("Số điện thoại liên hệ: 0336 462 B57", 200)]])
    phone = fields_of("application_form", form, "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")["applicant_phone"]
    assert phone.flagged and "phone_digit_from_letter" in phone.reasons
    form = page([[("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", 600)], [("Số điện thoại liên hệ: 0336 462 557", 200)]])
    assert "phone_digit_from_letter" not in fields_of("application_form", form)["applicant_phone"].reasons


def test_a_number_left_blank_takes_no_word_of_the_next_line():
    p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)],
              [("a) Thửa đất số: CT8 , tờ bản đồ số: ,", 200)],
              [("b) Địa chỉ: Khu đô thị mới Dương Nội, phường Yên Nghĩa, quận Hà Đông, thành phố Hà Nội", 200)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN")
    assert f["parcel_number"].value == "CT8"
    assert f["map_sheet_number"].value is None and f["map_sheet_number"].flagged


def test_a_caption_that_ends_its_line_is_no_part_of_the_value_under_it():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Quê quán / Place of Origin._", 600)],
                 [("Châu Phú A, Châu Đốc, An Giang", 600)]])
    assert fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_origin"].value == "Châu Phú A, Châu Đốc, An Giang"


def test_a_leader_ends_a_label_so_a_birth_row_is_no_registration_date():
    p = page([[("GIẤY CHỨNG NHẬN KẾT HÔN", 800)],
              [("Ngày, tháng, năm _ ngày 03 tháng 06 năm 1987", 200)],
              [("lây, tháng, năm đăng ký: ngày 09 tháng 11 năm 2023", 200)]])
    assert fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")["registration_date"].value == "2023-11-09"


def test_the_book_number_is_no_registration_number():
    p = page([[("ỦY BAN NHÂN DÂN", 200)], [("PHƯỜNG 10", 250)], [("pc Quyển số: 02/2023", 200)],
              [("GIẤY CHỨNG NHẬN KẾT HÔN", 800)]])
    f = fields_of("marriage_certificate", p, "GIẤY CHỨNG NHẬN KẾT HÔN")["registration_number"]
    assert f.value != "02/2023" and f.flagged


def test_a_date_found_elsewhere_for_a_label_whose_value_did_not_read_is_flagged():
    p = page([[("GIẤY KHAI SINH", 1000)], [("Số: 467I2024", 200)],
              [("Ngày, tháng, năm đăng ký: 241112024", 200)],
              [("Sao từ Sổ đăng ký khai sinh. Hải Phòng, ngày 05 tháng 11 năm 2024", 200)]])
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")
    assert f["registration_date"].value == "2024-11-05" and f["registration_date"].flagged
    assert "label_value_unreadable" in f["registration_date"].reasons
    # the slash before a registration number's year read as a letter is put back, to confirm
    assert f["registration_number"].value == "467/2024" and f["registration_number"].flagged
    # the label under a seal too: on a registry's copy the signing date is the copy's, to confirm
    p = page([[("GIẤY KHAI SINH", 1000)], [("(BẢN SAO)", 1050)], [("Họ, chữ đệm, tên: LÊ BÁ BÌNH", 200)],
              [("Ngày, tháng, năm THẾ: À 971031089", 200)],
              [("Sao từ Sổ đăng ký khai sinh. Hồ Chí Minh, ngày 14 tháng 11 năm 2024", 200)]])
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")["registration_date"]
    assert f.value == "2024-11-14" and f.flagged and "date_of_copy" in f.reasons
    # an original's signing date is its registration's
    original = page([[("GIẤY KHAI SINH", 1000)], [("Họ, chữ đệm, tên: LÊ BÁ BÌNH", 200)],
                     [("Hồ Chí Minh, ngày 14 tháng 11 năm 2024", 200)]])
    f = fields_of("birth_certificate", original, "GIẤY KHAI SINH")["registration_date"]
    assert f.value == "2024-11-14" and "date_of_copy" not in f.reasons


def test_a_place_of_death_takes_the_repairs_of_an_address():
    p = page([[("TRÍCH LỤC KHAI TỬ", 900)],
              [("Nơi chết: Tố 26, đường Trường Chỉnh, phường Phước Ninh, quận Hải Châu, thành phố Đà Nẵng", 200)]])
    f = fields_of("death_certificate", p, "TRÍCH LỤC KHAI TỬ")["place_of_death"]
    assert f.value == "Tổ 26, đường Trường Chinh, phường Phước Ninh, quận Hải Châu, thành phố Đà Nẵng" and f.flagged


def test_between_the_committee_and_a_districts_name_only_its_type_is_printed():
    from digitize.adminunits import repair_unit_type
    # a type read as another word, as two words of junk, or glued to the name: the district's type
    for read, right in (("Ủy ban nhân dân truyện sóc sơn", "Ủy ban nhân dân huyện Sóc Sơn"),
                        ("Ủy ban nhân dân zz mđyện krông pắc", "Ủy ban nhân dân huyện Krông Pắc"),
                        ("Ủy ban nhân dân nận ba đình", "Ủy ban nhân dân quận Ba Đình"),
                        ("Ủy ban nhân dân quậnNinh Kiều", "Ủy ban nhân dân quận Ninh Kiều")):
        assert repair_unit_type(read) == right, read
    # a commune whose name ends in a district's ('phường Hiệp Bình Chánh'), a commune sharing it
    for body in ("Ủy ban nhân dân phường Hiệp Bình Chánh", "Ủy ban nhân dân xã Tân Phú", "Công an huyện Sóc Sơn"):
        assert repair_unit_type(body) == body
    # 'TM.' before the committee, read over a type lost under the seal: both put right, flagged
    p = page([[("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 600)], [("Đà Nẵng, ngày 12 tháng 3 năm 2020", 1200)],
              [("TM.ÚY BAN NHÂN DÂN", 1300)], [("z⁄THÀNREHỐ UÔNG BÍ", 1300)], [("CHỦ TỊCH", 1400)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["issuing_authority"]
    assert f.value == "Ủy ban nhân dân thành phố Uông Bí" and f.flagged


def test_a_short_label_read_with_the_commoner_word_is_still_its_label():
    # Tesseract's language model reads 'chết' as 'chất': 'Nơi chất' is 'Nơi chết'
    p = page([[("TRÍCH LỤC KHAI TỬ", 600)], [("Nơi chất: Trạm Y tế xã Kiến An, huyện Chợ Mới, tỉnh An Giang", 200)],
              [("Nguyên nhân chất: Tai nạn giao thông", 200)]])
    f = fields_of("death_certificate", p, "TRÍCH LỤC KHAI TỬ")["place_of_death"]
    assert f.value == "Trạm Y tế xã Kiến An, huyện Chợ Mới, tỉnh An Giang"


def test_an_issuing_bodys_unit_misread_takes_the_spelling_of_the_dossiers_places():
    from digitize.adminunits import paths_named, repair_unit_by_places
    paths = paths_named("Số 12, phố Lê Lai, phường Lam Sơn, thành phố Thanh Hóa, tỉnh Thanh Hóa") + \
        paths_named("Thôn 4, xã Cẩm Thủy, huyện Cẩm Thủy, tỉnh Thanh Hóa")
    # 'Cấm Thủy' is no unit; of the spellings of its letters, the dossier's province holds one
    assert repair_unit_by_places("Ủy ban nhân dân phường Cấm Thủy", paths) == "Ủy ban nhân dân phường Cẩm Thủy"
    # a unit as read somewhere in the country, or no such letters under the dossier's places: as read
    assert repair_unit_by_places("Ủy ban nhân dân xã An Đồng", paths) == "Ủy ban nhân dân xã An Đồng"
    assert repair_unit_by_places("Ủy ban nhân dân phường Cấm Thủy", []) == "Ủy ban nhân dân phường Cấm Thủy"
    docs = [Document("d", "application_form", 1.0, [("a.png", 1)], fields_of("application_form", page([
        [("TỜ KHAI", 900)], [("Nơi cư trú: Số 12, phố Lê Lai, phường Cẩm Thủy, thành phố Cẩm Phả, tỉnh Quảng Ninh", 200)]]))),
        Document("d", "death_certificate", 1.0, [("b.png", 1)], fields_of("death_certificate", page([
            [("TRÍCH LỤC KHAI TỬ", 600)], [("Nơi đăng ký khai tử: Ủy ban nhân dân phường Cấm Thủy", 200)]])))]
    cross_check(docs, 0.8)
    body = docs[1].fields["issuing_authority"]
    assert body.value == "Ủy ban nhân dân phường Cẩm Thủy" and body.flagged and "admin_unit_repaired" in body.reasons


def test_a_land_bodys_unit_lost_under_the_seal_is_its_parcels_district_to_confirm():
    from digitize.adminunits import repair_unit_type
    assert repair_unit_type("Ủy ban nhân dân đ cầu giấy") == "Ủy ban nhân dân quận Cầu Giấy"  # a speck for its type
    p = page([[("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 600)], [("Thửa đất số: 551", 200), ("Tờ bản đồ số: 12", 900)],
              [("Địa chỉ: Số 8, phường Mỹ An, quận Ngũ Hành Sơn, thành phố Đà Nẵng", 200)],
              [("Đà Nẵng, ngày 12 tháng 3 năm 2020", 1200)], [("TM. ỦY BAN NHÂN DÂN", 1300)], [("CHỦ TỊCH", 1400)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["issuing_authority"]
    assert f.value == "Ủy ban nhân dân quận Ngũ Hành Sơn" and f.flagged and "authority_unit_from_address" in f.reasons


def test_a_land_bodys_type_lost_under_the_seal_is_the_one_its_parcels_address_prints():
    """'HUYỆN' read 'TUYẾN' under the seal: the list of units gives An Dương's type of today
    (a quận since 2025); the certificate of 2018 prints 'huyện An Dương' in its parcel's address."""
    rows = [[("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 600)], [("Thửa đất số: 546", 200), ("Tờ bản đồ số: 31", 900)],
            [("Địa chỉ: Xóm Hòa Bình, xã An Đồng, huyện An Dương, thành phố Hải Phòng", 200)],
            [("Hải Phòng, ngày 30 tháng 4 năm 2018", 1200)], [("TM. ỦY BAN NHÂN DÂN", 1300)],
            [("TUYẾN AN DƯƠNG", 1300)]]
    title = "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT"
    f = fields_of("land_use_certificate", page(rows), title)["issuing_authority"]
    assert f.value == "Ủy ban nhân dân huyện An Dương" and f.flagged and "authority_unit_from_address" in f.reasons
    rows[-1] = [("HUYỆN AN DƯƠNG", 1300)]  # read whole: the body's own type, nothing taken from the address
    f = fields_of("land_use_certificate", page(rows), title)["issuing_authority"]
    assert f.value == "Ủy ban nhân dân huyện An Dương" and "authority_unit_from_address" not in f.reasons


def test_a_card_face_whose_title_id_and_labels_did_not_read_is_known_by_its_birth_and_expiry():
    """A faded black-and-white copy of a 2016 card: the motto and the values read, the labels
    and the id did not. Its birth date and its expiry fall a card's 60 years apart."""
    face = [[("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 600)], [("Độc lập - Tự do - Hạnh phúc", 650)],
            [("8À... 0220967944470", 600)], [("f+; se PHẠM THÊ THÀNH", 600)],
            [("*já¿ tháng, nằm ch: 1Ô-04-1967", 600)], [("„5s. Nam 2csc''e*: Việt Nam", 600)],
            [("¬ cá“ có: Câm Trung, Cầm Pha, Quảng Ninh", 600)], [("10-04-2027", 300)]]
    pc = classify_page(page(face))
    assert pc.doc_type == "cccd" and pc.confidence < TYPE_SURE
    face[4] = [("*já¿ tháng, nằm ch: 16-04-1967", 600)]  # two days read, one digit apart
    assert classify_page(page(face)).doc_type == "cccd"
    assert classify_page(page(face[:-1] + [[("23-04-2027", 300)]])).doc_type == "unknown"  # both digits apart
    face[4] = [("*já¿ tháng, nằm ch: 1Ô-04-1967", 600)]
    pc = classify_page(page(face))
    assert pc.doc_type == "cccd" and pc.confidence < TYPE_SURE
    # dates that fall on no birthday a card runs to, or in another month: no card
    for expiry in ("10-04-2026", "10-05-2027"):
        assert classify_page(page(face[:-1] + [[(expiry, 300)]])).doc_type == "unknown"
    # the same pair on a long form (born 1967, something due in 2027): a form prints far more words
    form = face + [[("Nội dung đề nghị: " + "đăng ký thường trú cho bản thân " * 4, 200)]] * 5
    assert classify_page(page(form)).doc_type == "unknown"


def test_a_value_after_a_label_that_did_not_read_leaves_no_field_called_not_printed():
    """'Quyển số: 04' with its label lost at a dark edge: the book number may be printed there,
    so its absence is flagged, not called 'not printed'."""
    rows = [[("GIẤY KHAI SINH", 900)]] + BIRTH_ROWS
    book = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")["book_number"]
    assert book.value is None and not book.flagged and book.reasons == ["not_printed"]
    book = fields_of("birth_certificate", page(rows[:1] + [[(",ä5Ố: 04", 200)]] + rows[1:]), "GIẤY KHAI SINH")["book_number"]
    assert book.value is None and book.flagged and book.reasons == ["not_found"]


BIRTH_ROWS = [[("Họ, chữ đệm, tên: NGUYỄN VĂN TRUNG", 200)], [("Ngày, tháng, năm sinh: 20/05/1993", 200)],
              [("Giới tính: Nam Dân tộc: Kinh Quốc tịch: Việt Nam", 200)],
              [("Nơi sinh: Bệnh viện Hùng Vương", 200)],
              [("Họ, chữ đệm, tên người cha: NGUYỄN TUẤN HUY", 200)],
              [("Họ, chữ đệm, tên người mẹ: HOÀNG THỊ NGỌC", 200)],
              [("Nơi đăng ký khai sinh: Ủy ban nhân dân phường 4", 200)],
              [("Ngày, tháng, năm đăng ký: 04/07/1993", 200)]]


def test_a_field_is_not_called_not_printed_where_most_of_the_paper_did_not_read():
    """A birth certificate whose left half lay in a lamp's shadow (outside seed 242): its lines
    read from their middles, most fields not found. The id's and the book's labels are nowhere,
    as lost as the others: their absence is flagged, not called 'not printed'."""
    half = [[("GIẤY KHAI SINH", 900)], [("v Dân tộc: Kinh Quốc tịch: Việt Nam", 200)],
            [("$ã Kiến An, huyện Chợ Mới, tỉnh An Giang", 200)], [("h cá nhân:", 200)],
            [("jiên người cha:", 200)], [("m, tên người mẹ:", 200)],
            [("Ibký khai sinh. An Giang, ngày 02 tháng 01 năm 2021", 200)]]
    f = fields_of("birth_certificate", page(half), "GIẤY KHAI SINH")
    for key in ("personal_id", "book_number"):
        assert f[key].value is None and f[key].flagged and f[key].reasons == ["not_found"], key
    whole = fields_of("birth_certificate", page([[("GIẤY KHAI SINH", 900)]] + BIRTH_ROWS), "GIẤY KHAI SINH")
    for key in ("personal_id", "book_number"):
        assert not whole[key].flagged and whole[key].reasons == ["not_printed"], key


def test_a_register_number_with_a_letter_between_its_digits_is_flagged():
    rows = [[("GIẤY KHAI SINH", 900)], [("Số: 4G7", 200)], [("Họ, chữ đệm, tên: NGUYỄN VĂN TRUNG", 200)]]
    f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")["registration_number"]
    assert f.value == "4G7" and f.flagged and "number_implausible" in f.reasons
    for printed in ("467", "15/TLKT-BS", "02/2020-KS"):
        rows[1] = [(f"Số: {printed}", 200)]
        f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")["registration_number"]
        assert f.value == printed and "number_implausible" not in f.reasons


def test_specks_read_as_small_unsure_words_among_print_are_no_words():
    """Guilloche strokes under an address's wrapped line, read as 'Đ..¬;z Y MIA': a third of
    the print's height, read unsure. The print of the line and a small sure mark stay."""
    def word(text, x, height, conf=95.0):
        return Word(text, conf, (x, 300, x + 20 * len(text), 300 + height), 0)
    line = [word("14", 100, 30), word("Ngõ", 160, 38), word("151", 260, 30), word("Láng", 360, 38),
            word("Đ..¬;z", 480, 10, 0.0), word("Y", 620, 8, 0.0), word("MIA", 660, 8, 0.0),
            word("Hạ,", 760, 36), word("-", 860, 4, 93.0), word("ma", 900, 18, 45.0)]
    p = PageResult("d", "f.png", 1, line, Quality(width=W, height=H, dpi=300))
    assert page_lines(p, 1)[0].text == "14 Ngõ 151 Láng Hạ, - ma"


def test_the_year_word_of_a_birth_label_is_no_sex_on_a_card():
    """'Ngày, tháng năm sinh' folds 'năm' to 'nam': it is not the holder's 'Nam' beside a 'NỮ'
    whose label did not read."""
    f = card_fields(("Số: 001152830540", 600), ("r1 Họ và NGUYỄN HOÀI TRÂM", 600),
                    ("\\ | Ngày. tháng năm sinh 08/01/1952", 600), ("NỮ Quốctch Việt Nam", 600))
    assert f["sex"].value == "Nữ" and f["sex"].flagged


def test_a_sex_read_in_doubt_that_the_clean_id_agrees_with_is_not_asked_again():
    rows = [[("CĂN CƯỚC CÔNG DÂN", 900)], [("Số: 001189012345", 600)], [("Ngày sinh: 01/02/1989", 600)],
            [("Nữ", 600)]]
    docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page(rows), "CĂN CƯỚC CÔNG DÂN"))]
    assert "label_not_read" in docs[0].fields["sex"].reasons
    cross_check(docs, 0.8)
    assert docs[0].fields["sex"].value == "Nữ" and not docs[0].fields["sex"].flagged
    # the id says Nam: the guess gives way to the id, flagged
    rows[1] = [("Số: 001089012345", 600)]
    docs = [Document("d", "cccd", 1.0, [("a.png", 1)], fields_of("cccd", page(rows), "CĂN CƯỚC CÔNG DÂN"))]
    cross_check(docs, 0.8)
    assert docs[0].fields["sex"].value == "Nam" and docs[0].fields["sex"].reasons == ["sex_from_id"]


def test_a_register_number_after_a_period_for_its_colon_and_a_book_number_whose_slash_was_lost():
    """'Số. 282I2024 Quyển số: 032024' on a black-and-white copy: the colon read as a period,
    one slash read as a letter, the other lost."""
    p = page([[("GIẤY KHAI SINH", 1000)], [("Số. 282I2024 Quyển số: 032024", 200)],
              [("Họ, chữ đệm, tên: BÙI BÁ NGỌC TRUNG", 200)]])
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")
    assert f["registration_number"].value == "282/2024" and f["registration_number"].flagged
    assert f["book_number"].value == "03/2024" and "separator_repaired" in f["book_number"].reasons
    # a number that is not two or three digits run into a year stays as read
    p = page([[("GIẤY KHAI SINH", 1000)], [("Số: 12020 Quyển số: 04", 200)]])
    f = fields_of("birth_certificate", p, "GIẤY KHAI SINH")
    assert f["registration_number"].value == "12020" and f["book_number"].value == "04"
    # 'Số.' inside a line is no label: an address's house number
    p = page([[("GIẤY KHAI SINH", 1000)], [("Nơi cư trú: Số. 12 phố Huế, phường Hàng Bài, quận Hoàn Kiếm, thành phố Hà Nội", 200)]])
    assert fields_of("birth_certificate", p, "GIẤY KHAI SINH")["registration_number"].value is None


def test_a_serial_whose_letter_was_read_as_a_digit_is_put_right_and_flagged():
    p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)], [("C5 642841", 300)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["certificate_serial"]
    assert f.value == "CS 642841" and f.flagged and "serial_letter_misread" in f.reasons
    # the serial's C read as a copyright sign, its Đ as the eth, its second letter twice
    for read, meant in (("©S 249032", "CS 249032"), ("CÐ 950612", "CĐ 950612"),
                        ("Số phát hành: CHH 333277", "CH 333277"), ("AA 09273289", "AA 09273289")):
        p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)], [(read, 300)]])
        f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["certificate_serial"]
        assert f.value == meant and ("serial_letter_misread" in f.reasons) == (read != meant), read
    # three letters that are no stutter, a word before a number: no serial
    for text in ("CIH 665770", "Thửa SỐ 123456", "QSD 123456"):
        p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)], [(text, 300)]])
        assert fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["certificate_serial"].value is None
    # a number on a sketch ('S9128863'), a serial's digit glued to letters that look like none: no serial
    for text in ("Ị Ệ : b 2 12HI131.57 S9128863 n |", "S5128863"):
        p = page([[("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)], [(text, 300)]])
        assert fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")["certificate_serial"].value is None


def test_a_label_ending_a_paragraphs_line_in_one_panel_of_a_page_takes_the_next_lines_start():
    """A landscape certificate's panel: its lines end at half the page, the id after 'CCCD số:'
    wraps to the next line's start, behind a punch hole read '@®'; not the words under the label."""
    p = page([[("GIẤY CHỨNG NHẬN", 500)], [("QUYỀN SỬ DỤNG ĐẤT", 500)],
              [("Bà: NGUYỄN THANH HỒNG, sinh năm: 1958, CCCD số:", 100)],
              [("@®", 20), ("079158175960; Địa chỉ thường trú: Số 250, đường", 100)],
              [("Kha Vạn Cân, phường 13, quận Bình Thạnh, thành phố Hồ Chí Minh", 100)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")
    assert f["holder_personal_id"].value == "079158175960"


def test_a_birth_date_whose_digits_did_not_read_is_read_from_its_words_and_the_two_must_agree():
    def birth(digits: str, *words: str) -> object:
        rows = [[("GIẤY KHAI SINH", 900)], [("Họ, chữ đệm, tên: MAI CÔNG VIỆT", 200)],
                [(f"Ngày, tháng, năm sinh: {digits}", 200)], *[[(w, 200)] for w in words],
                [("Giới tính: Nam Dân tộc: Kinh Quốc tịch: Việt Nam", 200)]]
        return fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")["date_of_birth"]

    # the slashes lost, the words wrapped over two lines behind a speck
    f = birth("2814I2O16", "Ghi bằng chữ: Ngày hai mươi tám, tháng tư, năm hai nghìn", "m _ không trăm", "mười sáu")
    assert f.value == "2016-04-28" and f.flagged and "date_from_words" in f.reasons
    # both read and agreeing: nothing to say; disagreeing: flagged
    f = birth("28/04/2016", "Ghi bằng chữ: Ngày hai mươi tám, tháng tư, năm hai nghìn không trăm mười sáu")
    assert f.value == "2016-04-28" and not f.flagged
    f = birth("23/04/2016", "Ghi bằng chữ: Ngày hai mươi tám, tháng tư, năm hai nghìn không trăm mười sáu")
    assert f.value == "2016-04-23" and f.flagged and "date_differs_from_words" in f.reasons
    # words that make no year a person is born in ('một nghìn', the rest lost) give nothing
    f = birth("2814I2O16", "Ghi bằng chữ: Ngày hai mươi tám, tháng tư, năm một nghìn")
    assert f.value is None and f.flagged


def test_a_card_residence_whose_label_lost_its_first_word_is_still_found():
    """'Nơi' lost at the photo's edge ('r § TR`.‹ thường trú:'); and a caption cut short at the
    line's end ('/ Pfaco of r') is no value."""
    f = card_fields(("Số: 040198156178", 600), ("Quê quán: Phường Phú Bài, thị xã Hương Thủy, tỉnh", 600),
                    ("Thừa Thiên Huế", 600), ("r § TR`.‹ thường trú: Thôn Tây, X. Liên Bão, H. Tiên Du,", 500),
                    ("tỉnh Bắc Ninh", 1025))  # wrapped under the value's start
    assert f["place_of_residence"].value == "Thôn Tây, X. Liên Bão, H. Tiên Du, tỉnh Bắc Ninh"
    assert f["place_of_origin"].value == "Phường Phú Bài, thị xã Hương Thủy, tỉnh Thừa Thiên Huế"
    f = card_fields(("Số: 040198156178", 600), ("4 thường trú / Pfaco of r ¬", 600))
    assert f["place_of_residence"].value is None
    f = card_fields(("Số: 040198156178", 600), (".. Ngày sinh / Date of birth. 08-02-1992", 600))
    assert f["date_of_birth"].value == "1992-02-08"


def test_an_english_caption_garbled_past_matching_ends_its_line_and_the_value_is_under_it():
    # 'Full name' read with marks and letters wrong: it opens with a letter Vietnamese never writes
    for caption in ("Fuf nazwe", "Fưi nướng", "Fưếi nazre"):
        f = card_fields(("Số: 001083181953", 600), (f"Họ và tên / {caption}", 600), ("MAI MINH GIANG", 600))
        assert f["full_name"].value == "MAI MINH GIANG", caption
    # a value after the slash is kept
    f = card_fields(("Số: 001083181953", 600), ("Họ và tên / Full name: MAI MINH GIANG", 600))
    assert f["full_name"].value == "MAI MINH GIANG"


def test_a_lone_vowel_that_stands_as_no_syllable_after_a_value_is_a_speck():
    rows = [[("GIẤY KHAI SINH", 900)], [("Họ, chữ đệm, tên: PHAN THẾ TÚ ẵ", 200)],
            [("Nơi sinh: Trung tâm Y tế quận 3, thành phố Hồ Chí Minh ằ", 200)]]
    f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")
    assert f["full_name"].value == "PHAN THẾ TÚ"
    assert f["place_of_birth"].value == "Trung tâm Y tế quận 3, thành phố Hồ Chí Minh"
    # one-letter words that are syllables, and abbreviations, stay
    rows[2] = [("Nơi sinh: Bệnh viện Đa khoa huyện Ý Yên, tỉnh Nam Định", 200)]
    f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")
    assert f["place_of_birth"].value == "Bệnh viện Đa khoa huyện Ý Yên, tỉnh Nam Định"


def test_a_short_label_alone_on_a_line_of_specks_is_no_label():
    """'Ba' read from specks over a certificate's motto is no 'Bà:': the holder is the one named
    after the printed 'Bà:'."""
    p = page([[("à 4", 200)], [("Ba", 200)], [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 600)],
              [("GIẤY CHỨNG NHẬN", 900)], [("QUYỀN SỬ DỤNG ĐẤT", 900)],
              [("Bà: BÙI THỊ XUÂN, sinh năm: 1959, CMND số: 021624410; Địa chỉ", 200)]])
    f = fields_of("land_use_certificate", p, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT")
    assert f["holder_name"].value == "BÙI THỊ XUÂN"


def test_a_label_one_letter_off_that_opens_its_line_with_its_colon_is_still_its_label():
    rows = [[("GIẤY KHAI SINH", 900)], [("Họ, chữ đệm, tên: LÊ MAI NGỌC MY", 200)],
            [("Nơi Sảnh: Trạm Y tế phường Láng Hạ, quận Đống Đa, thành phố Hà Nội", 200)]]
    f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")
    assert f["place_of_birth"].value == "Trạm Y tế phường Láng Hạ, quận Đống Đa, thành phố Hà Nội"
    # inside a line, or without its colon, one wrong letter is another word
    rows[2] = [("Nơi Sảnh Trạm Y tế phường Láng Hạ, quận Đống Đa, thành phố Hà Nội", 200)]
    assert fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")["place_of_birth"].value is None


def test_an_i_that_numbers_a_unit_is_kept_and_a_frame_edge_read_as_i_is_not():
    """'phường Hải Châu I': a capital I a word's space after the name, read surely, is the unit's
    number. An 'I' far right of the value is a frame's edge."""
    rows = [[("GIẤY KHAI SINH", 900)], [("Họ, chữ đệm, tên: PHAN THẾ TÚ", 200)],
            [("Nơi đăng ký khai sinh: Ủy ban nhân dân phường Hải Châu I", 200)]]
    f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")
    assert f["issuing_authority"].value == "Ủy ban nhân dân phường Hải Châu I"
    rows[2] = [("Nơi đăng ký khai sinh: Ủy ban nhân dân phường Bến Nghé", 200), ("I", 2200)]
    f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")
    assert f["issuing_authority"].value == "Ủy ban nhân dân phường Bến Nghé"
    # read with a mark, or in doubt, it is kept, to be confirmed
    rows[2] = [("Nơi đăng ký khai sinh: Ủy ban nhân dân phường Hải Châu Ï", 200)]
    f = fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")["issuing_authority"]
    assert f.value == "Ủy ban nhân dân phường Hải Châu I" and f.flagged


def test_a_colon_between_words_of_a_value_flags_it():
    """'quyền sở: hữu': a speck read as a colon, or a label the value ran into."""
    rows = [[("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", 300)],
            [("Nội dung yêu cầu giải quyết: Đăng ký biến động quyền sở: hữu tài sản gắn liền với đất", 200)]]
    f = fields_of("receipt", page(rows), "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    assert f["procedure_name"].flagged and "colon_inside" in f["procedure_name"].reasons


def test_the_issuing_police_is_the_header_s_last_line_whatever_specks_lie_past_the_motto():
    """'CÔNG AN PHƯỜNG PHƯƠNG MAI   Độc lập - Tự do - Hạnh phúc   _ ..': a speck at the page's
    right edge made the widest gap of the line, and the header ended at the parent body above."""
    rows = [[("CÔNG AN THÀNH PHỐ HÀ NỘI", 280), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1180)],
            [("CÔNG AN PHƯỜNG PHƯƠNG MAI", 470), ("Độc lập - Tự do - Hạnh phúc", 1391), ("_", 2366), ("..", 2400)],
            [("GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", 700)],
            [("1. Họ, chữ đệm và tên: VÕ CÔNG HẬU", 200)]]
    f = fields_of("residence_confirmation", page(rows), "GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ")
    assert f["issuing_authority"].value == "Công an phường Phương Mai"


def test_a_value_a_code_confirms_keeps_no_doubt_of_its_reading():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], [("Họ và tên / Full name:", 600)], [("NGUYÊN HOÀNG CHÂU", 600)],
                 [("Nơi thường trú / Place of residence: Nhơn Ái Phong Điền, Cần Thơ", 600)]])
    alone = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")
    assert alone["full_name"].value == "NGUYỄN HOÀNG CHÂU" and "name_repaired" in alone["full_name"].reasons
    assert alone["place_of_residence"].value == "Nhơn Ái, Phong Điền, Cần Thơ"
    assert "separator_repaired" in alone["place_of_residence"].reasons
    qr = "036096158950|123456789|NGUYỄN HOÀNG CHÂU|19061996|Nam|Nhơn Ái, Phong Điền, Cần Thơ|10092022"
    confirmed = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN", [qr])
    for key in ("full_name", "place_of_residence"):
        assert confirmed[key].value == alone[key].value and not confirmed[key].flagged


def test_a_value_a_code_replaces_keeps_no_doubt_of_the_reading_it_replaced():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)],
                 [("Nơi thường trú / Place of residence: Xã Yên Viên, huyện Gia Lâm, thành phố ẤN", 600)]])
    alone = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_residence"]
    assert alone.value == "Xã Yên Viên, huyện Gia Lâm, thành phố Hà Nội" and "province_by_district" in alone.reasons
    qr = "036096158950|123456789|NGUYỄN HOÀNG CHÂU|19061996|Nam|Xã Yên Viên, huyện Gia Lâm, TP Hà Nội|10092022"
    replaced = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN", [qr])["place_of_residence"]
    assert replaced.value == "Xã Yên Viên, huyện Gia Lâm, TP Hà Nội" and not replaced.flagged, replaced.reasons


def test_units_are_put_right_under_their_parent_once_their_parts_stand_apart():
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)],
                 [("Nơi thường trú: Thôn An Lạc, Xã Ea Pốk, Huyện cưMgar Tỉnh Đák Lắk", 600)]])
    f = fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_residence"]
    assert f.value == "Thôn An Lạc, Xã Ea Pốk, Huyện Cư M'gar, Tỉnh Đắk Lắk" and f.flagged


def card_residence(lines: list[str], word: str, conf: float):
    """The place of residence a card's lines give, the word `word` read with confidence `conf`."""
    card = page([[("CĂN CƯỚC CÔNG DÂN", 900)], *[[(text, 600)] for text in lines]])
    for w in card.words:
        if w.text == word:
            w.conf = conf
    return fields_of("cccd", card, "CĂN CƯỚC CÔNG DÂN")["place_of_residence"]


def test_a_house_number_read_unsurely_is_flagged():
    lines = ["Nơi thường trú: Số 7 ngõ 268 đường Trần Hưng Đạo, P. Long Hòa, Q. Bình Thủy, TP. Cần Thơ"]
    unsure = card_residence(lines, "268", 71.0)
    assert "number_unsure" in unsure.reasons and unsure.flagged
    assert "number_unsure" not in card_residence(lines, "268", 95.0).reasons


def test_a_unit_no_list_holds_under_its_parent_read_unsurely_is_flagged():
    lines = ["Nơi thường trú: Số 120, Đường Tôn Đức Thắng, Phường Cầu Dần, Quận Hai Bà Trưng,", "Thành phố Hà Nội"]
    # a ward retired by a merger is rightly printed, and only the reading vouches for it
    unsure = card_residence(lines, "Dần,", 84.0)
    assert "admin_unit_unlisted" in unsure.reasons and unsure.flagged
    assert "admin_unit_unlisted" not in card_residence(lines, "Dần,", 96.0).reasons


def test_a_label_that_may_be_the_end_of_a_longer_one_whose_start_was_lost_is_flagged():
    """'Số: 99  Quyển số: 04' with its left in a lamp's shadow reads '_h SỐ: 04' (outside seed
    3): 'Số' may be the end of 'Quyển số', so the number is flagged. Read where the lines start,
    or after legible words, 'Số' is the register's own label."""
    def number(first_row):
        rows = [[("GIẤY KHAI SINH", 900)], first_row] + BIRTH_ROWS
        return fields_of("birth_certificate", page(rows), "GIẤY KHAI SINH")["registration_number"]

    lost = number([("_h", 620), ("SỐ: 04", 700)])
    assert lost.value == "04" and lost.flagged and "label_start_lost" in lost.reasons
    for row in ([("Số: 99", 200), ("Quyển số: 04", 700)], [("Số: 99", 200)]):
        f = number(row)
        assert f.value == "99" and "label_start_lost" not in f.reasons, row


def test_a_place_named_after_its_province_read_with_other_marks_takes_its_spelling_flagged():
    def born(place: str):
        p = page([[("GIẤY KHAI SINH", 900)], [("Họ, chữ đệm, tên: PHAN THẾ TÚ", 200)], [(f"Nơi sinh: {place}", 200)]])
        return fields_of("birth_certificate", p, "GIẤY KHAI SINH")["place_of_birth"]

    f = born("Bệnh viện Đa khoa Trung tâm Ấn Giang")
    assert f.value == "Bệnh viện Đa khoa Trung tâm An Giang" and f.flagged and "admin_unit_repaired" in f.reasons
    # spelt right, or with its marks placed the old way, or a name that is no province's: as read
    for place in ("Bệnh viện Phụ sản Hải Phòng", "Bệnh viện Đa khoa Hoà Bình", "Bệnh viện Bạch Mai"):
        f = born(place)
        assert f.value == place and "admin_unit_repaired" not in f.reasons, place
