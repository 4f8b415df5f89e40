// Folio keyboard layer (filled in by the customers issue).
