-- British spelling of the seed's "Defense" (AIAAIC writes "Govt - defence"); analysts can edit topics.
UPDATE incident_topics SET terms_en = 'Lethal Autonomous Weapon; Military Intelligence; Military Robot; Defense; Defence; Military'
 WHERE id = 'military' AND builtin = TRUE;
