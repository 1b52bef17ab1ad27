from .archive import ProjectIndexPage
from .jobs import ImportJob
from .project import ProjectAuthor, ProjectPage, ProjectTutor
from .taxonomy import Collectivite, CollectiviteType, Promotion, Thematique

__all__ = [
    "Collectivite",
    "CollectiviteType",
    "ImportJob",
    "ProjectAuthor",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectTutor",
    "Promotion",
    "Thematique",
]
