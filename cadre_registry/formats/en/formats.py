# English for a Vietnamese office: dates as on every Vietnamese document (24/05/2022), with
# English number separators (83.37 %).
from cadre_registry.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
