"""Pure domain knowledge: stages, enumerations, scoring."""
