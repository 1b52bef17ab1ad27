from wagtail_modeladmin.options import modeladmin_register

from .proposals.admin import ProposalAdmin

modeladmin_register(ProposalAdmin)
