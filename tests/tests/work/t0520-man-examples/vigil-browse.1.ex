VIGIL_OFFICER='Insp. Wang' vigil-browse -c 2018-1120-OVP
