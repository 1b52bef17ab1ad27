"""The relevance set: what a visitor types → the page(s) that must come in the first three results.

Each case is ``(query, expected_slugs)``: the case succeeds when one of the expected slugs is among the
top 3 results of ``/recherche/`` on the demo content (``manage.py load_demo_content``). Queries are
written as visitors type them: without accents, in the plural, with an apostrophe or a person's name.
Stage pages come from ``offres/demo/stages.yaml``, projects from the booklet in ``projets/demo/``.
"""

TOP_K = 3
MIN_SUCCESS_AT_K = 0.9

CASES = [
    # Titles, typed without accents or with another number.
    ("mentions legales", ["mentions-legales"]),
    ("donnees personnelles", ["donnees-personnelles"]),
    ("accessibilite", ["accessibilite"]),
    ("l'INET et ses eleves", ["inet-et-ses-eleves"]),
    ("modules de formation conjoints ENA", ["ena-inet-modules-de-formation-conjoints"]),
    ("accueillir une élève", ["accueil"]),
    # Words of the body, singular/plural and accents folded.
    ("propriété intellectuelle", ["mentions-legales"]),
    ("editeur du site", ["mentions-legales"]),
    ("referentiel RGAA", ["accessibilite"]),
    ("défenseur des droits", ["accessibilite"]),
    ("déclaration d'accessibilité", ["accessibilite"]),
    ("formulaire de proposition", ["donnees-personnelles"]),
    ("ressources humaines", ["donnees-personnelles"]),
    ("parcours de formation", ["inet-et-ses-eleves"]),
    ("pédagogie active", ["inet-et-ses-eleves"]),
    ("laureats du concours", ["inet-et-ses-eleves"]),
    ("employabilite des eleves", ["inet-et-ses-eleves"]),
    ("identité territoriale commune", ["inet-et-ses-eleves"]),
    ("itinéraires transversaux numérique Europe", ["inet-et-ses-eleves"]),
    ("politique de la ville", ["ena-inet-modules-de-formation-conjoints"]),
    ("politiques partenariales", ["ena-inet-modules-de-formation-conjoints"]),
    ("regards croises action publique", ["ena-inet-modules-de-formation-conjoints"]),
    # People's names (promotions, contacts).
    ("Nina Simone", ["ena-inet-modules-de-formation-conjoints"]),
    ("promotion Clemenceau", ["ena-inet-modules-de-formation-conjoints"]),
    # Stage pages: what a collectivité types.
    ("stage d'observation", ["stage-observation"]),
    ("stage thematique", ["stage-thematique"]),
    ("projets collectifs", ["projet-collectif", "projets"]),
    ("stage de professionnalisation", ["stage-professionnalisation"]),
    ("stage perfectionnement ingenieur", ["stage-perfectionnement"]),
    ("stage d'ouverture", ["stage-ouverture"]),
    ("accueillir un eleve en stage", ["accueillir-un-eleve"]),
    # Projects: a town, a theme, a person, a keyword.
    ("creteil", ["creteil-relation-usager"]),
    ("teletravail", ["hauts-de-france-teletravail"]),
    ("Fanny Nguyen-Commo", ["hauts-de-france-teletravail"]),
    ("Arnaud Nivot", ["brest-destination-touristique"]),
    ("destination touristique brest", ["brest-destination-touristique"]),
    ("protection de l'enfance", ["lot-et-garonne-protection-enfance"]),
    ("budget climat bordeaux", ["bordeaux-metropole-budget-climat"]),
    ("adaptation au changement climatique", ["nievre-adaptation-changement-climatique"]),
    ("strategie fonciere caen", ["caen-strategie-fonciere-commerce"]),
    ("alimentation montreuil", ["montreuil-alimentation"]),
    ("mobilite strasbourg", ["strasbourg-services-mobilite"]),
    ("emploi insertion grand paris grand est", ["grand-paris-grand-est-emploi-insertion"]),
    ("politique jeunesse hauts de seine", ["hauts-de-seine-politique-jeunesse"]),
    ("temps de travail lyon", ["lyon-temps-de-travail"]),
    ("transition numerique la reunion", ["saint-denis-reunion-transition-numerique"]),
]
