from contested.geo.names import is_indexable, name_key, normalise_name, transliterate_ukrainian


def test_cyrillic_ukrainian_meets_latin():
    assert normalise_name("Новогригорівка") == normalise_name("Novohryhorivka") == "novohryhorivka"


def test_russian_romanisations_share_a_key():
    keys = {name_key(n) for n in ("Novohryhorivka", "Novogrigorovka", "Novogrigoryevka", "Новогригорьевка")}
    assert len(keys) == 1


def test_apostrophes_and_marks_fold():
    assert normalise_name("Zaporiz’ke") == normalise_name("Zaporiz'ke") == "zaporizke"
    assert normalise_name("Dnipró") == "dnipro"


def test_national_system_positional_rules():
    assert transliterate_ukrainian("Згурівка") == "zghurivka"
    assert transliterate_ukrainian("Їжакевич") == "yizhakevych"
    assert transliterate_ukrainian("Яготин") == "yahotyn"


def test_different_names_keep_different_keys():
    assert name_key("Pokrovsk") != name_key("Pokrovske")


def test_other_scripts_are_not_indexed():
    assert is_indexable("Дніпро") and is_indexable("Dnipró")
    assert not is_indexable("ドニプロ")
