"""What the parser reads (#7): markup and endnote markers blanked at the same offsets, non-prose blocks."""

from contested.nlp.markup import Prepared, mask_asides, prepare


def blanked(text: str) -> str:
    prepared = prepare(text).text
    assert len(prepared) == len(text)  # every offset still points into the document
    return " ".join(prepared.split())


def test_endnote_markers_never_end_a_sentence():
    assert blanked("Troops attacked near Lyman on March 3 and 4.[50] They withdrew.[12][13]") == \
        "Troops attacked near Lyman on March 3 and 4. They withdrew."
    assert blanked("A claim.[7, 8] Another.[9–11]") == "A claim. Another."


def test_bracketed_abbreviations_are_words_not_markers():
    assert "[CAA]" in blanked("the 20th Combined Arms Army [CAA] attacked")


def test_emphasis_links_and_images_keep_their_words():
    text = "**Forces advanced.** See [the map](https://x.org/map \"map\") and ![](https://x.org/a.png) _this_."
    assert blanked(text) == "Forces advanced. See the map and this ."


def test_a_link_around_an_image_is_blanked_whole():
    assert blanked("[![](https://x.org/a.png)](https://x.org/page)") == ""


def test_snake_case_is_not_emphasis():
    assert "file_name" in blanked("the file_name field")


def test_front_matter_headings_and_bullets():
    text = "---\ntitle: Daily update\n---\n# Front line\n\n* Troops held the line.\n> Quoted words.\n"
    prepared = prepare(text)
    assert " ".join(prepared.text.split()) == "Front line Troops held the line. Quoted words."
    assert prepared.is_non_prose(0, 10)  # front matter
    heading = text.index("Front line")
    assert prepared.is_non_prose(heading, heading + 10)
    assert not prepared.is_non_prose(text.index("Troops"), text.index("line.") + 5)


def test_paragraphs_only_in_bold_or_links_are_headings_or_menus():
    text = "**Southern Axis Update**\n\n[Home](/) [News](/news)\n\n**Lead sentence.** Then the report goes on.\n"
    prepared = prepare(text)
    assert prepared.is_non_prose(0, 20)
    assert prepared.is_non_prose(text.index("[Home]"), text.index("[Home]") + 5)
    assert not prepared.is_non_prose(text.index("Then"), text.index("on.") + 3)


def test_endnote_lists_and_tables_of_contents_are_not_prose():
    text = ("Troops attacked near Kupiansk.[1]\n\n[1] https://t.me/channel/1 ; https://example dot com/a/b\n\n"
            "  * Russian Air Campaign\n  * Russian Mobilization Efforts\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    prepared = prepare(text)
    assert not prepared.is_non_prose(0, text.index("[1]"))
    assert prepared.is_non_prose(text.index("https://t.me"), text.index("https://t.me") + 10)
    assert prepared.is_non_prose(text.index("Russian Air"), text.index("Russian Air") + 5)
    assert prepared.is_non_prose(text.index("| 1"), text.index("| 1") + 3)


def test_blank_space_around_a_sentence_does_not_touch_the_next_block():
    text = "Troops attacked near Lyman.\n\n# Next section\n"
    prepared = prepare(text)
    assert not prepared.is_non_prose(0, text.index("#"))  # the sentence with its trailing blank lines


def test_plain_text_is_left_as_it_is():
    text = "Russian troops occupied Zaporizke, officials said (according to Ukrinform)."
    assert prepare(text).text == text


def test_asides_are_blanked_only_when_the_rule_says_so():
    prepared = mask_asides(Prepared("They took Terny (northeast of Lyman) and Zarichne (a village)."),
                           lambda inside: inside.startswith("northeast"))
    assert prepared.text == "They took Terny                      and Zarichne (a village)."
    assert prepared.asides == ((16, 36),)


def test_instructions_to_the_reader_are_not_prose(pipeline):
    from contested.nlp import is_prose

    def prose(text):
        return is_prose(next(iter(pipeline.nlp(text).sents)))

    assert not prose("Click here to see the interactive map of the war.")
    assert not prose("Subscribe to our newsletter for daily updates.")
    assert prose("Russian forces attacked near Lyman on Monday.")
    assert prose("Attacks continued near Lyman on Monday.")
