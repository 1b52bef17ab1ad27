"""A valid projet collectif proposal, as the form posts it; plain data so that the load test can use it too."""

VALID_SIRET = "732 829 320 00074"

VALID_PROJET_COLLECTIF = {
    "collectivite_nom": "Ville de Créteil",
    "siret": VALID_SIRET,
    "collectivite_adresse": "Place Salvador Allende\n94000 Créteil",
    "locaux_adresse": "1 rue de l'Hôtel de ville, 94000 Créteil",
    "rh_contact": "Claire Martin, directrice des ressources humaines",
    "rh_courriel": "rh@ville-creteil.fr",
    "dgs_nom": "Durand",
    "dgs_prenom": "Paul",
    "dgs_courriel": "dgs@ville-creteil.fr",
    "dgs_telephone": "01 49 80 92 94",
    "tuteur_nom": "Lefèvre",
    "tuteur_prenom": "Anne",
    "tuteur_fonction": "Directrice générale adjointe",
    "tuteur_courriel": "dga@ville-creteil.fr",
    "tuteur_telephone": "06 10 53 03 78",
    "intitule": "Repenser l'accueil des usagers",
    "contexte": "La ville réorganise ses guichets.",
    "enjeux": "Qualité du service public et sobriété.",
    "objectifs": "Un diagnostic et un plan d'action.",
    "valeur_ajoutee": "Des regards administratif, culturel et technique.",
    "aspects_pratiques": "Un bureau équipé au 3e étage.",
    "portage_direction_generale": "on",
    "contribution_acceptee": "on",
    "consentement": "on",
    "site_web": "",
}
