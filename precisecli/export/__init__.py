"""Standard exports of a case: HL7 FHIR R4 (Genomics Reporting STU3 + mCODE STU4) and GA4GH
Phenopackets v2. `facts` reads the case once into a neutral model; `fhir_*` and `phenopacket`
map it; `writer` serialises, re-reads with the standard's own model and writes the file."""
