"""The words a person reads for the program's domain values: one table per kind of value.

Pure constants with no imports, so every layer may read them: the query layer, the chart
builders, the layouts and the callbacks. Keys are the values stored in the database
(``data.schema``); a table lists them in the order the program shows them.
"""

# Life areas of goals and milestones (``schema.GOAL_CATEGORIES``).
CATEGORY_LABELS: dict[str, str] = {
    "transport": "Transport",
    "money_and_banking": "Money and banking",
    "food": "Food",
    "housing": "Housing",
    "work_and_learning": "Work and learning",
    "health_appointments": "Health appointments",
    "social_connection": "Social connection",
}

# Kinds of consultation note (``schema.NOTE_KINDS``), strengths first.
NOTE_KIND_LABELS: dict[str, str] = {
    "accomplishment": "Accomplishment",
    "positive_impact": "Positive impact",
    "challenge": "Challenge",
    "action_item": "Action item",
}

# Kinds of assessment the follow-up schedule asks for.
ASSESSMENT_KIND_LABELS: dict[str, str] = {
    "baseline": "Baseline",
    "follow_up": "Follow-up",
    "exit": "Exit",
}
