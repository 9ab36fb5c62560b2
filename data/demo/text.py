"""Wording of the synthetic demo data: site names, goals, group topics, note phrases.

All invented and generic. Note phrases say "a mentee", never a name: consultation notes are
shown in meeting rooms and must not identify anyone.
"""

from __future__ import annotations

# (code, name): invented, generic place names; the large scale uses all twenty.
SITES: tuple[tuple[str, str], ...] = (
    ("RVS", "Riverside"),
    ("NGT", "Northgate"),
    ("HBV", "Harbour View"),
    ("ELP", "Elm Park"),
    ("MLB", "Millbrook"),
    ("WFG", "Westfield Green"),
    ("STB", "Stonebridge"),
    ("OKH", "Oak Hollow"),
    ("LKS", "Lakeside"),
    ("BCH", "Beech Hill"),
    ("CDM", "Cedar Meadows"),
    ("FXC", "Foxcross"),
    ("KGW", "Kingsway"),
    ("SLV", "Silver Vale"),
    ("MRS", "Marsh End"),
    ("HWT", "Hawthorn Rise"),
    ("CLS", "Cliffside"),
    ("PNF", "Pine Fields"),
    ("BRK", "Brookmoor"),
    ("WLW", "Willow Bank"),
)

EXIT_REASONS = ("goals met", "moved away", "disengaged", "transferred", "other")
MENTOR_LEFT = "mentor left the program"
MENTOR_ON_LEAVE = "mentor on leave"
REMATCH_REQUESTED = "rematch requested"

# Goal descriptions per category of data.schema.GOAL_CATEGORIES; each pairs with the
# strengths-based sentence a supervisor might write when the milestone is reached.
GOALS: dict[str, tuple[tuple[str, str], ...]] = {
    "transport": (
        ("Get a transit card", "get a transit card and plan a first journey"),
        ("Travel to the clinic by bus", "travel to the clinic by bus without support"),
        ("Learn the route to the town centre", "learn the route to the town centre"),
    ),
    "money_and_banking": (
        ("Open a bank account", "open a bank account for the first time"),
        ("Set up a weekly budget", "set up a weekly budget and keep to it for a month"),
        ("Sort out an overdue bill", "call the energy company and agree a payment plan"),
    ),
    "food": (
        ("Cook three meals a week", "cook three meals a week at home"),
        ("Plan a weekly shop", "plan a weekly shop on a budget"),
        ("Join a community food co-op", "join the community food co-op"),
    ),
    "housing": (
        ("Complete a housing application", "complete a housing application"),
        ("Set up utilities in a new flat", "set up utilities after moving into a new flat"),
        ("Keep a cleaning routine", "keep a weekly cleaning routine"),
    ),
    "work_and_learning": (
        ("Write a CV", "write a CV and send it to two employers"),
        ("Enrol in a short course", "enrol in a short course at the adult college"),
        ("Start volunteering one day a week", "start volunteering one day a week"),
    ),
    "health_appointments": (
        ("Register with a family doctor", "register with a family doctor"),
        ("Attend a dental check-up", "attend a dental check-up after a long gap"),
        ("Keep medication review appointments", "keep three medication reviews in a row"),
    ),
    "social_connection": (
        ("Join a walking group", "join a walking group and go most weeks"),
        ("Reconnect with a family member", "reconnect with a family member"),
        ("Attend a peer group session", "attend a peer group session for the first time"),
    ),
}

# Standing peer groups: (name, topic).
PEER_GROUPS: tuple[tuple[str, str], ...] = (
    ("Recovery skills group", "Recovery skills"),
    ("Walk and talk", "Physical activity and connection"),
    ("Cooking on a budget", "Food and money"),
    ("Creative corner", "Creative arts"),
    ("Hearing voices peer group", "Peer support"),
    ("Job club", "Work and learning"),
)

SESSION_TOPICS: tuple[str, ...] = (
    "Sleep and routines",
    "Managing stress",
    "Budgeting basics",
    "Staying well plans",
    "Building confidence",
    "Healthy eating",
    "Setting goals",
    "Dealing with setbacks",
    "Using local services",
    "Friendships and boundaries",
    "Mindful walking",
    "Preparing for appointments",
)

# Consultation note phrases. {mentor} is a mentor's first name; {goal} a goal sentence.
ACCOMPLISHMENTS: tuple[str, ...] = (
    "Supported a mentee to {goal}.",
    "{mentor} supported a mentee to {goal}.",
    "A mentee reached a milestone: managed to {goal}.",
    "{mentor} went with a mentee to their first appointment at the job centre.",
    "A mentee chaired part of the peer group this month.",
    "{mentor} helped a mentee prepare for a housing interview; the tenancy was offered.",
)
POSITIVE_IMPACTS: tuple[str, ...] = (
    "A mentee said the weekly contact helped them stay out of hospital this winter.",
    "A mentee's family noticed they are going out more and sleeping better.",
    "{mentor}'s steady contact helped a mentee rebuild trust after a hard month.",
    "A mentee told the team they feel hopeful about the future for the first time in years.",
    "The walk-and-talk group has become a regular part of several mentees' weeks.",
    "A mentee now phones their own appointments instead of asking staff to.",
)
CHALLENGES: tuple[str, ...] = (
    "Waiting list is growing; two referrals have waited more than two months.",
    "Several crisis calls after hours this month; the team discussed on-call support.",
    "{mentor} found it hard to reach a mentee who has stopped answering the phone.",
    "Transport costs are a barrier for mentees attending the peer group.",
    "A mentee lost their housing; the team is coordinating with the housing office.",
    "Caseloads are close to capacity; new mentors are needed.",
)
ACTION_ITEMS: tuple[str, ...] = (
    "Supervisor to follow up with the referral team about the waiting list.",
    "{mentor} to try a text check-in with a mentee who has gone quiet.",
    "Book refresher training on crisis response for the team.",
    "Share the bus pass scheme leaflet with all mentors.",
    "Review caseloads before accepting new referrals next month.",
    "{mentor} to plan a community outing for the group in the spring.",
)

NOTE_PHRASES: dict[str, tuple[str, ...]] = {
    "accomplishment": ACCOMPLISHMENTS,
    "positive_impact": POSITIVE_IMPACTS,
    "challenge": CHALLENGES,
    "action_item": ACTION_ITEMS,
}
