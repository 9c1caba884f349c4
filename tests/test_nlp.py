"""The nlp stage (#7): long reports parsed in pieces with the same text and offsets; sentence starts."""

from contested.nlp import chunks, parse_all

REPORT = ("Russian forces attacked near Lyman on Monday.[12] The enemy withdrew from Siversk.\n\n"
          "Ukrainian troops held Kupiansk, the General Staff said.\n\nFighting continued near Toretsk.\n")


def test_chunks_cut_at_paragraphs_and_join_back():
    pieces = chunks(REPORT * 5, size=120)
    assert "".join(pieces) == REPORT * 5 and len(pieces) > 3
    assert all(p.endswith("\n") for p in pieces[:-1])
    assert "".join(chunks("x" * 300, size=100)) == "x" * 300  # no break anywhere: cut hard


def test_a_report_parsed_in_pieces_is_the_same_document(pipeline):
    text = REPORT * 6
    whole = next(parse_all(pipeline.nlp, [text], chunk_chars=10 * len(text)))
    pieces = next(parse_all(pipeline.nlp, [text], chunk_chars=150))
    assert pieces.text == whole.text == text
    assert [s.start_char for s in pieces.sents] == [s.start_char for s in whole.sents]
    assert [t.lemma_ for t in pieces] == [t.lemma_ for t in whole]


def test_parse_all_keeps_documents_apart_and_in_order(pipeline):
    docs = list(parse_all(pipeline.nlp, [REPORT * 3, "Short one.", REPORT], chunk_chars=100))
    assert [d.text for d in docs] == [REPORT * 3, "Short one.", REPORT]


def test_sentences_start_only_after_final_punctuation_or_a_line_end(pipeline):
    doc = pipeline.nlp("Troops of the 8th CAA                               attacked near Lyman. Then they left.\n"
                       "A heading\nNext line.")
    assert [s.text.strip() for s in doc.sents] == [
        "Troops of the 8th CAA                               attacked near Lyman.", "Then they left.", "A heading",
        "Next line."]
