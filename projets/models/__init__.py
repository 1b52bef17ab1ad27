from .archive import ProjectIndexPage
from .project import ProjectAuthor, ProjectPage, ProjectTutor
from .taxonomy import Collectivite, CollectiviteType, Promotion, Thematique

__all__ = [
    "Collectivite",
    "CollectiviteType",
    "ProjectAuthor",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectTutor",
    "Promotion",
    "Thematique",
]
