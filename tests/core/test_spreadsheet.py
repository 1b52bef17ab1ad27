from core.spreadsheet import safe_cell


def test_a_formula_becomes_text_and_other_values_stay():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("-2 ans") == "'-2 ans"
    assert safe_cell("Ville de Créteil") == "Ville de Créteil"
    assert safe_cell(-3) == -3
    assert safe_cell(None) is None
